import ArgumentParser
import Foundation
import GongkaiCommandLine
import GongkaiCore
import GongkaiDigest
import GongkaiStore

/// `gongkai requeue`: moves rejected files back into the inbox so the daemon checks them again.
///
/// The CLI never writes the database: the daemon sees the file arrive (IN_MOVED_TO), checks it
/// and stores a new row; the old row stays as history. Moves are the daemon's own rename that
/// never overwrites (``FileSystem/renameNoReplace(_:_:_:_:)``), and names follow its rules
/// (``FileName``): a name taken in inbox/ becomes `NAME (1).ext`, `NAME (2).ext`, …. The reason
/// file is moved aside to `rejected/NAME.reason.txt.requeued` (`.requeued.2`, … when taken): it
/// stays readable, but no longer sits beside a file that has left, and the name is free for the
/// next verdict.
struct Requeue: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move rejected files back into the inbox so the daemon evaluates them again.",
        discussion: """
            Give report ids (or SHA-256 prefixes / file names), or --rejected for every rejected file \
            still in rejected/ (narrowed by --code, --year, --agency, --since). The daemon stores the \
            new verdict as a new row; the database is not touched here.
            """)

    @OptionGroup var store: StoreOptions

    @Flag(help: "Requeue every rejected report whose file is still in rejected/.")
    var rejected = false

    @OptionGroup(title: "With --rejected") var filters: ReportFilterOptions

    @Flag(help: "Say what would be moved, move nothing.")
    var dryRun = false

    @Flag(help: "Print a JSON array, one object per file.")
    var json = false

    @Argument(help: "Report ids (or SHA-256 prefixes, file names).")
    var reports: [String] = []

    func validate() throws {
        if rejected == !reports.isEmpty { throw ValidationError("give report ids or --rejected (not both)") }
        if !rejected && !filters.isEmpty {
            throw ValidationError("--code, --year, --agency and --since go with --rejected")
        }
    }

    struct Plan {
        var detail: ReportDetail
        var source: [UInt8]
    }

    func run() throws {
        let db = try store.openStore()
        let paths = store.resolved
        let rejectedFolder = Folder(.rejected, paths)
        let inboxFolder = Folder(.inbox, paths)
        var plans: [Plan] = []
        if rejected {
            let query = try filters.query(verdict: .rejected, current: false, limit: nil)
            var seen: Set<String> = []
            for summary in try db.reports(matching: query) {
                // Newest first: an older row whose final name a later rejection reused is skipped.
                guard summary.state == .done, rejectedFolder.holds(summary.finalPath), seen.insert(summary.finalPath).inserted,
                    let detail = try db.detail(id: summary.id)
                else { continue }
                let source = rejectedFolder.path(FileName(bytes: detail.finalNameRaw))
                if case .ok = Self.check(source, sha256: summary.sha256) { plans.append(Plan(detail: detail, source: source)) }
            }
        } else {
            for reference in reports {
                guard let summary = try db.resolve(reference).first, let detail = try db.detail(id: summary.id) else {
                    throw CLIError("no report matches \(reference)")
                }
                guard summary.verdict == .rejected, rejectedFolder.holds(summary.finalPath) else {
                    throw CLIError("report #\(summary.id) (\(summary.fileName)) was accepted; only rejected files are requeued")
                }
                guard summary.state == .done else { throw CLIError("report #\(summary.id) is not yet moved by the daemon; try again later") }
                let source = rejectedFolder.path(FileName(bytes: detail.finalNameRaw))
                switch Self.check(source, sha256: summary.sha256) {
                case .ok: break
                case .missing: throw CLIError("report #\(summary.id): \(paths.root)/\(summary.finalPath) is not there (already requeued or removed)")
                case .other: throw CLIError("report #\(summary.id): \(paths.root)/\(summary.finalPath) now holds another file (a later rejection)")
                }
                if !plans.contains(where: { $0.detail.summary.id == summary.id }) { plans.append(Plan(detail: detail, source: source)) }
            }
        }

        var results: [JSONValue] = []
        var lines = ""
        for plan in plans {
            let r = plan.detail.summary
            let fileName = FileName(bytes: plan.detail.fileNameRaw)
            let reasonName = plan.detail.reasonNameRaw.map(FileName.init(bytes:)) ?? FileName(bytes: plan.detail.finalNameRaw).reasonFileName
            if dryRun {
                lines += "would requeue #\(r.id) \(r.finalPath) → \(inboxFolder.relative(FileName(r.fileName)))\n"
                results.append(
                    .object([
                        ("id", .int(Int(r.id))), ("from", .string(r.finalPath)), ("to", .string(inboxFolder.relative(FileName(r.fileName)))),
                        ("reason_moved_to", .null), ("dry_run", .bool(true)),
                    ]))
                continue
            }
            // The reason file first, so that the name is free when the daemon decides again.
            var reasonAside: FileName?
            if case .success = FileSystem.lstat(FileSystem.atFDCWD, rejectedFolder.path(reasonName)) {
                reasonAside = try Self.moveNoReplace(
                    rejectedFolder, reasonName, to: rejectedFolder,
                    candidates: (1...Self.maxCandidates).map { reasonName.requeuedAside($0) })
            }
            // The reason page goes aside the same way (it is recreated with the next verdict).
            let pageName = FileName(bytes: plan.detail.finalNameRaw).reasonPageName
            if case .success = FileSystem.lstat(FileSystem.atFDCWD, rejectedFolder.path(pageName)) {
                _ = try? Self.moveNoReplace(
                    rejectedFolder, pageName, to: rejectedFolder,
                    candidates: (1...Self.maxCandidates).map { pageName.requeuedAside($0) })
            }
            let moved: FileName
            do {
                moved = try Self.moveNoReplace(
                    rejectedFolder, FileName(bytes: plan.detail.finalNameRaw), to: inboxFolder,
                    candidates: (0...Self.maxCandidates).map { fileName.numbered($0) })
            } catch {
                if let reasonAside { _ = try? Self.moveNoReplace(rejectedFolder, reasonAside, to: rejectedFolder, candidates: [reasonName]) }
                if !lines.isEmpty { emit(lines) }
                throw CLIError("report #\(r.id): cannot move \(paths.root)/\(r.finalPath) into the inbox: \(error)")
            }
            let aside = reasonAside.map(rejectedFolder.relative)
            lines += "requeued #\(r.id) \(r.finalPath) → \(inboxFolder.relative(moved))" + (aside.map { " (reason moved to \($0))" } ?? "") + "\n"
            results.append(
                .object([
                    ("id", .int(Int(r.id))), ("from", .string(r.finalPath)), ("to", .string(inboxFolder.relative(moved))),
                    ("reason_moved_to", .from(aside)), ("dry_run", .bool(false)),
                ]))
        }
        if json {
            emit(JSONValue.array(results).rendered + "\n")
        } else {
            emit(lines + (plans.isEmpty ? "nothing to requeue\n" : ""))
        }
    }

    enum FileCheck { case ok, missing, other }

    /// The file at `path` is a regular file with the row's content.
    static func check(_ path: [UInt8], sha256: String?) -> FileCheck {
        guard case .success(let st) = FileSystem.lstat(FileSystem.atFDCWD, path),
            FileKind(mode: UInt32(st.st_mode)) == .regular
        else { return .missing }
        guard let sha256 else { return .ok }
        guard let bytes = FileSystem.readFile(FileSystem.atFDCWD, path) else { return .missing }
        return SHA256.hex(bytes) == sha256 ? .ok : .other
    }

    /// How many numbered names are tried in the inbox (and aside names for a reason file).
    static let maxCandidates = 1000

    /// Renames `name` in `from` to the first free candidate in `to`, never replacing
    /// anything (``FileSystem/renameNoReplace(_:_:_:_:)``); returns the name used.
    static func moveNoReplace(_ from: Folder, _ name: FileName, to: Folder, candidates: [FileName]) throws -> FileName {
        for candidate in candidates {
            let rc = FileSystem.renameNoReplace(FileSystem.atFDCWD, from.path(name), FileSystem.atFDCWD, to.path(candidate))
            if rc == 0 { return candidate }
            if rc != EEXIST { throw Errno(rc) }
        }
        throw Errno(EEXIST)
    }

    /// A folder under the data root: byte paths for the system calls, and `folder/NAME` as
    /// the database's `final_path` and the output spell it.
    struct Folder {
        let folder: DataFolder
        let directory: FileName

        init(_ folder: DataFolder, _ paths: DataRootOptions.Resolved) {
            self.folder = folder
            directory = FileName(paths.path(of: folder))
        }

        /// The path of `name` in this folder.
        func path(_ name: FileName) -> [UInt8] { directory.appending(name).bytes }

        /// `folder/NAME`.
        func relative(_ name: FileName) -> String { FileName(folder.rawValue).appending(name).display }

        /// Whether a `final_path` from the database is in this folder.
        func holds(_ finalPath: String) -> Bool { finalPath.hasPrefix(folder.rawValue + "/") }
    }
}
