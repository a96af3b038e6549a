import Testing

// Tests for GongkaiReaders arrive with the reader.
