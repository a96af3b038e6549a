import Testing

// Tests for GongkaiDOCX arrive with the reader.
