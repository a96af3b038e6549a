import Testing

// Tests for GongkaiPDF arrive with the reader.
