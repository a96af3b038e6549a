import GongkaiDOCX
import GongkaiHTML
import GongkaiPDF
import GongkaiReport

/// The reader of each format.
enum Readers {
    static func pdf(_ bytes: [UInt8], _ limits: ReadLimits) throws(DocumentReadError) -> Document {
        try PDFReader.read(bytes, limits: limits)
    }

    static func docx(_ bytes: [UInt8], _ limits: ReadLimits) throws(DocumentReadError) -> Document {
        try DOCXReader.read(bytes, limits: limits)
    }

    static func html(_ bytes: [UInt8], _ limits: ReadLimits) throws(DocumentReadError) -> Document {
        try HTMLReader.read(bytes, limits: limits)
    }
}
