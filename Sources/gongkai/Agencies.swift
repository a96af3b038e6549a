import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiReport
import GongkaiStore

/// `gongkai agencies`: the agencies the reports came from, and corrections to the rule that
/// groups one agency's reports across years.
struct Agencies: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List agencies (keys, the names they were written as, their years); merge or split keys.",
        discussion: """
            Each report's agency name gets a key (simplified characters, no spaces, punctuation or \
            editorial notes such as （区政府办公室编制）); the cross-year checks compare consecutive \
            years of one key. When the rule keeps one agency apart (a renamed office), \
            --merge KEY --into OTHER joins them; --split KEY undoes a merge. Both run the \
            cross-year checks of the agency again. KEY may also be a name as written. These are \
            the only commands that write the database.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Merge this agency key (or name) into the group of --into.", valueName: "key"))
    var merge: String?

    @Option(help: ArgumentHelp("The agency key (or name) to merge into.", valueName: "key"))
    var into: String?

    @Option(help: ArgumentHelp("Take this agency key (or name) out of the group it was merged into.", valueName: "key"))
    var split: String?

    @Flag(help: "Print a JSON array.")
    var json = false

    func validate() throws {
        if (merge == nil) != (into == nil) { throw ValidationError("--merge and --into go together") }
        if merge != nil && split != nil { throw ValidationError("give --merge or --split, not both") }
    }

    func run() throws {
        if merge != nil || split != nil {
            let writer = try store.openStoreForWriting()
            defer { try? writer.close() }
            let keys = Set(try writer.agencies().map(\.key))
            func key(_ given: String) -> String { keys.contains(given) ? given : AgencyKey.make(given) }
            do {
                if let merge, let into {
                    try writer.mergeAgency(key(merge), into: key(into), at: Timestamp.now())
                    emit("merged \(key(merge)) into \(key(into)); cross-year checks run again\n")
                } else if let split {
                    try writer.splitAgency(key(split))
                    emit("split \(key(split)) from its group; cross-year checks run again\n")
                }
            } catch let error as AgencyError {
                throw CLIError(error.description)
            }
            return
        }
        let listing = try store.openStore().agencies()
        if json {
            emit(
                JSONValue.array(
                    listing.map { a in
                        .object([
                            ("key", .string(a.key)), ("merged_into", .from(a.mergedInto)), ("years", .array(a.years.map { .int($0) })),
                            ("names", .array(a.names.map { .object([("name", .string($0.name)), ("reports", .int($0.reports))]) })),
                        ])
                    }
                ).rendered + "\n")
            return
        }
        if listing.isEmpty {
            emit("no agencies yet\n")
            return
        }
        var table = TextTable(header: ["KEY", "MERGED INTO", "YEARS", "NAMES"])
        for a in listing {
            table.add([
                a.key, a.mergedInto ?? "-", a.years.map(String.init).joined(separator: " "),
                a.names.map { "\($0.name) (\($0.reports))" }.joined(separator: ", "),
            ])
        }
        table.indent = ""
        emit(table.render())
    }
}

extension StoreOptions {
    /// Opens the database for one of the few commands that write it (`agencies --merge`).
    func openStoreForWriting() throws -> Store {
        _ = try openStore()
        do {
            return try Store(path: databasePath)
        } catch {
            throw CLIError("cannot open the database \(databasePath) for writing: \(Self.oneLine(error))")
        }
    }
}
