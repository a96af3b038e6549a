import Testing

// Tests for GongkaiHTML arrive with the reader.
