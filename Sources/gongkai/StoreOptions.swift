import ArgumentParser
import Foundation
import GongkaiCommandLine
import GongkaiCore
import GongkaiStore

/// The daemon's database and data root: `--root` and `--database` as gongkaid declares
/// them (``DataRootOptions``, the same defaults), and the read-only opening every query uses.
struct StoreOptions: ParsableArguments {
    @OptionGroup var paths: DataRootOptions

    var resolved: DataRootOptions.Resolved { paths.resolved() }
    var rootPath: String { resolved.root }
    var databasePath: String { resolved.database }

    /// Opens the daemon's database read-only (WAL: never blocks the daemon). One-line errors.
    func openStore() throws -> Store {
        let path = databasePath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError("no database at \(path) (give --database PATH or --root DIR)")
        }
        if isDirectory.boolValue { throw CLIError("\(path) is a directory, not a database") }
        let store: Store
        do {
            store = try Store(path: path, readOnly: true)
        } catch {
            throw CLIError("cannot open the database \(path): \(Self.oneLine(error))")
        }
        let check: SchemaCheck
        do {
            check = try store.schemaCheck()
        } catch {
            throw CLIError("cannot read the database \(path): \(Self.oneLine(error))")
        }
        switch check {
        case .known: return store
        case .notGongkai: throw CLIError("\(path) is not a gongkai database")
        case .newer: throw CLIError("\(path) was written by a newer gongkaid (its schema has migrations this build does not know); upgrade gongkai")
        }
    }

    static func oneLine(_ error: any Error) -> String {
        String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}

/// Filters shared by `list` and `export`: the verdict, the report filters, current versions only.
struct FilterOptions: ParsableArguments {
    @Option(help: "accepted or rejected.")
    var verdict: String?

    @OptionGroup var report: ReportFilterOptions

    @Flag(help: "Only current versions (accepted, not superseded).")
    var current = false

    func query(limit: Int? = nil) throws -> ReportQuery {
        let parsed = try verdict.map { text in
            guard let verdict = Verdict(rawValue: text) else { throw CLIError("--verdict must be accepted or rejected, not \(text)") }
            return verdict
        }
        return try report.query(verdict: parsed, current: current, limit: limit)
    }
}

/// Year, agency, finding code and date: the filters of `list`, `export` and `requeue --rejected`.
struct ReportFilterOptions: ParsableArguments {
    @Option(help: "Report year (the year reported on).")
    var year: Int?

    @Option(help: ArgumentHelp("Agency name contains this text.", valueName: "text"))
    var agency: String?

    @Option(help: "Has a finding with this code (e.g. T3_FLOW_MISMATCH).")
    var code: String?

    @Option(help: ArgumentHelp("Received on or after this UTC date or time (2024-03-01, 2024-03-01T08:30).", valueName: "date"))
    var since: String?

    /// Whether any of them is given.
    var isEmpty: Bool { year == nil && agency == nil && code == nil && since == nil }

    func query(verdict: Verdict?, current: Bool, limit: Int?) throws -> ReportQuery {
        ReportQuery(
            verdict: verdict, year: year, agency: agency, code: code.map { $0.uppercased() },
            since: try since.map(Self.normalizedSince), currentOnly: current, limit: limit)
    }

    /// "2024-03-01", "2024-03-01T08:30", "2024-03-01 08:30:00", "…Z" → an ISO prefix comparable with received_at.
    static func normalizedSince(_ text: String) throws -> String {
        var s = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "T")
        if s.hasSuffix("Z") { s.removeLast() }
        let digits = Array(s.utf8)
        func isDigit(_ i: Int) -> Bool { i < digits.count && digits[i] >= 0x30 && digits[i] <= 0x39 }
        let datePattern = [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy(isDigit) && digits.count >= 10 && digits[4] == 0x2D && digits[7] == 0x2D
        guard datePattern else { throw CLIError("--since: expected a date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM[:SS]), not \(text)") }
        if digits.count == 10 { return s }
        let timeOK =
            digits.count >= 16 && digits[10] == 0x54 && [11, 12, 14, 15].allSatisfy(isDigit) && digits[13] == 0x3A
            && (digits.count == 16 || (digits.count >= 19 && digits[16] == 0x3A && [17, 18].allSatisfy(isDigit)))
        guard timeOK else { throw CLIError("--since: expected a date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM[:SS]), not \(text)") }
        return s
    }
}

/// A usage or I/O error: one line on stderr, exit status 2 (see `Gongkai.main`).
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Writes text to stdout (no buffering surprises when mixed with FileHandle writes).
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
