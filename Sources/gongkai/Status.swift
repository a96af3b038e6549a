import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiStore

/// `gongkai status`: what the daemon has done, from the database and the folders.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What the daemon has done: counts, the last file processed, files waiting in inbox/ and work/.")

    @OptionGroup var store: StoreOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let db = try store.openStore()
        let activity = try db.activity()
        let paths = store.resolved
        let root = paths.root
        // Waiting: names the daemon would take (NameRules: not hidden, not being written); claimed: one folder per file in hand.
        let inboxEntries = Self.entries(paths.path(of: .inbox))
        let inbox = (inboxEntries ?? []).filter { !NameRules.isIgnored(Array($0.utf8)) }
        let inboxReadable = inboxEntries != nil
        let work = Self.entries(paths.path(of: .work))?.filter { !$0.hasPrefix(".") }
        let acceptedFiles = Self.entries(paths.path(of: .accepted))?.count
        // Reports only: not their reason files, nor reason files moved aside by `gongkai requeue`.
        let rejectedFiles = Self.entries(paths.path(of: .rejected))?.filter { name in
            [NameRules.reasonSuffix, NameRules.reasonPageSuffix].allSatisfy { suffix in
                !name.hasSuffix(suffix) && !name.contains(suffix + NameRules.requeuedSuffix)
            }
        }.count
        if json {
            let object: JSONValue = .object([
                ("database", .string(store.databasePath)),
                ("root", .string(root)),
                ("reports", .int(activity.accepted + activity.rejected)),
                ("accepted", .int(activity.accepted)),
                ("rejected", .int(activity.rejected)),
                ("pending_moves", .int(activity.pendingMoves)),
                ("first_received", .from(activity.firstReceived)),
                ("processed_last_hour", .int(activity.processedLastHour)),
                ("processed_last_day", .int(activity.processedLastDay)),
                ("last_processed", activity.lastProcessed.map(ReportJSON.summary) ?? .null),
                ("inbox_waiting", inboxReadable ? .int(inbox.count) : .null),
                ("inbox_names", .array(inbox.prefix(100).map { .string($0) })),
                ("work_claimed", .from(work?.count)),
                ("accepted_files", .from(acceptedFiles)),
                ("rejected_files", .from(rejectedFiles)),
            ])
            emit(object.rendered + "\n")
            return
        }
        var t = TextTable()
        t.indent = ""
        t.add(["database", store.databasePath])
        t.add(["root", root])
        t.add(["reports", "\(activity.accepted + activity.rejected) (accepted \(activity.accepted), rejected \(activity.rejected))"])
        t.add(["processed", "\(activity.processedLastHour) in the last hour, \(activity.processedLastDay) in the last 24 h"])
        if let last = activity.lastProcessed {
            t.add(["last", "#\(last.id) \(last.fileName) → \(last.finalPath) (\(last.verdict), \(last.processedAt))"])
        } else {
            t.add(["last", "nothing processed yet"])
        }
        if activity.pendingMoves > 0 { t.add(["pending", "\(activity.pendingMoves) stored but not yet moved"]) }
        let unreadable = "? (cannot read the folder: run as the daemon's user)"
        t.add([
            "inbox",
            inboxReadable
                ? "\(inbox.count) waiting" + (inbox.isEmpty ? "" : ": " + inbox.prefix(5).joined(separator: ", ") + (inbox.count > 5 ? ", …" : ""))
                : unreadable,
        ])
        t.add(["work", work.map { "\($0.count) in hand" } ?? unreadable])
        t.add([
            "folders",
            "\(DataFolder.accepted.rawValue)/ \(acceptedFiles.map(String.init) ?? "?") file(s), \(DataFolder.rejected.rawValue)/ \(rejectedFiles.map(String.init) ?? "?") file(s)",
        ])
        emit(t.render())
    }

    /// The names in a folder; nil when it cannot be read (a missing folder is empty).
    static func entries(_ path: String) -> [String]? {
        if !FileManager.default.fileExists(atPath: path) { return [] }
        return (try? FileManager.default.contentsOfDirectory(atPath: path))?.sorted()
    }
}
