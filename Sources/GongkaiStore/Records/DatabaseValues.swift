import Foundation
// Public only for the conformances below: every other file of the store imports GRDB
// `internal`, so no public declaration can name a GRDB type.
public import GRDB
import GongkaiCore

// The vocabulary's enums store themselves as their raw text, the values the schema's CHECK
// constraints name; an unknown text read back is an error, not a guess.
extension Verdict: DatabaseValueConvertible {}
extension Severity: DatabaseValueConvertible {}
extension Policy: DatabaseValueConvertible {}
extension ReportTable: DatabaseValueConvertible {}
extension RejectionCause: DatabaseValueConvertible {}
extension ReportState: DatabaseValueConvertible {}

/// A BLOB column read as bytes (file names are stored as their exact bytes).
struct Bytes: Decodable, DatabaseValueConvertible {
    var bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var databaseValue: DatabaseValue { Data(bytes).databaseValue }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Bytes? {
        Data.fromDatabaseValue(dbValue).map { Bytes([UInt8]($0)) }
    }

    init(from decoder: any Decoder) throws {
        bytes = [UInt8](try decoder.singleValueContainer().decode(Data.self))
    }
}

/// Decodes any `Decodable` value from a row by column name, so that the public record
/// types need not conform to GRDB's protocols (GRDB stays out of the store's API).
struct Decoded<Value: Decodable>: Decodable, FetchableRecord {
    var value: Value

    init(from decoder: any Decoder) throws {
        value = try Value(from: decoder)
    }
}
