import GongkaiDOCX
import GongkaiHTML
import GongkaiPDF
import GongkaiReport

/// The reader of each format. (Wired to the reader modules as they land.)
enum Readers {
    static func pdf(_ bytes: [UInt8], _ limits: ReadLimits) throws -> Document {
        throw DocumentReadError.broken("the PDF reader is not built yet")
    }

    static func docx(_ bytes: [UInt8], _ limits: ReadLimits) throws -> Document {
        throw DocumentReadError.broken("the DOCX reader is not built yet")
    }

    static func html(_ bytes: [UInt8], _ limits: ReadLimits) throws -> Document {
        throw DocumentReadError.broken("the HTML reader is not built yet")
    }
}
