import ArgumentParser
@preconcurrency import Dispatch
import Foundation
import GongkaiCommandLine
import GongkaiCore
import GongkaiInbox
import GongkaiReport
import GongkaiStore
import GongkaiSystemd
import Logging

/// The process entry point. The stop and reload signals are blocked before anything else
/// runs, so no thread the runtime or a library starts later can receive one with its
/// default action; ``StopSignals`` takes them once the daemon can act on them.
@main
enum GongkaidMain {
    static func main() {
        // The document reader child (see ReaderProcess) is this executable too.
        if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == ReaderProcess.argument {
            ReaderProcess.childMain(CommandLine.arguments)
        }
        StopSignals.blockInMain()
        // A reader child that dies mid-reply must not kill the daemon by SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        Gongkaid.main()
    }
}

/// gongkaid: watches an inbox folder, checks every annual report dropped into it, stores
/// the result in SQLite and moves the file to `accepted/` or `rejected/`.
struct Gongkaid: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkaid",
        abstract: "The gongkai inbox daemon: checks reports dropped into ROOT/inbox.",
        discussion: """
            Folders: ROOT/inbox (uploads), ROOT/work (private), ROOT/accepted, ROOT/rejected (with NAME.reason.txt).
            Uploaders writing in place should use a temporary name (.NAME, NAME.part, NAME.tmp) and rename when done.
            Exit status: 0 after a clean stop; 78 (EX_CONFIG) when the folders, the options or the database need \
            the operator (also when another gongkaid holds ROOT); 75 when a stop was cut short (files left for \
            recovery); 1 on other failures (worth a restart).
            """,
        version: GongkaiVersion.current)

    @Option(help: "JSON configuration file; command-line options override it.")
    var config: String?

    /// `--root` and `--database`, shared with `gongkai`; they override the configuration file.
    @OptionGroup var paths: DataRootOptions

    @Option(help: "Verdict policy: \(Policy.allCases.map(\.rawValue).joined(separator: " or ")) (default: \(Policy.standard.rawValue)).")
    var policy: String?

    @Option(help: "Size limit in bytes; larger files are rejected unread (default: 20 MiB).")
    var maxBytes: Int64?

    @Option(help: "Quiet period after a close-write, in ms (default: 200).")
    var settleMs: Int?

    @Option(help: "Minimum age of files seen without a close (IN_CREATE only, found by a scan), in ms (default: 3000).")
    var settleNoCloseMs: Int?

    @Option(help: "How long an empty file may stay empty before it is rejected, in ms (default: 30000).")
    var emptyGraceMs: Int?

    @Option(help: "How long an empty file still open by its writer is left alone, in ms (default: 600000).")
    var emptyOpenCapMs: Int?

    @Option(help: "Time budget of one file's evaluation in seconds; a file over it is rejected (default: 120).")
    var evaluationBudgetSeconds: Double?

    @Option(help: "Wall-clock deadline for reading one PDF, DOCX or web page in the reader child, in seconds (default: 60).")
    var readerDeadlineSeconds: Double?

    @Option(
        help: """
            On SIGTERM, how long to finish the files in hand before stopping anyway, in seconds \
            (default: 25, below the unit's TimeoutStopSec=30s).
            """)
    var stopGraceSeconds: Double?

    @Option(help: "Safety rescan period in seconds, 0 to turn off (default: 60).")
    var rescanSeconds: Double?

    @Flag(help: "Poll the inbox instead of using inotify.")
    var poll = false

    @Option(help: "Scan period in poll mode, in ms (default: 1000).")
    var pollMs: Int?

    @Option(help: "Parallel parse+validate workers (default: number of cores).")
    var workers: Int?

    @Option(help: "Write the one-line status here (atomically, at most once a second).")
    var statusFile: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String?

    @Flag(
        help: """
            Make the cross-year checks errors: a report whose carry-overs disagree with the stored \
            neighbour year of its agency is rejected (default: warnings on both reports).
            """)
    var crossYearErrors = false

    @Flag(
        help: """
            Do not keep ROOT/report.html (the page of `gongkai report --html`) current; by default \
            it is written again once the inbox is quiet after reports were stored.
            """)
    var noReportPage = false

    /// The systemd side: READY/STATUS/RELOADING/STOPPING/ERRNO and the watchdog; no-ops outside systemd.
    static let systemd = SystemdService()

    /// Default of `--stop-grace-seconds`; deploy/gongkaid.service sets TimeoutStopSec=30s above it.
    static let defaultStopGraceSeconds: Double = 25

    mutating func run() throws {
        var file = DaemonConfigFile()
        if let config {
            do { file = try DaemonConfigFile.load(config) } catch {
                Self.exit(.configuration, "cannot read the configuration file \(config): \(error)")
            }
        }
        let level = Logger.Level(rawValue: logLevel ?? file.logLevel ?? "info") ?? .info
        let levelControl = LogLevelControl(level)
        SystemdLogging.bootstrap(identifier: "gongkaid", target: .automatic, levelControl: levelControl)
        let logger = Logger(label: "gongkaid")
        let systemd = Self.systemd

        let resolved = paths.resolved(configured: file.paths)
        let rootPath = resolved.root
        let databasePath = resolved.database
        var settings = InboxConfiguration(root: rootPath)
        let policyName = policy ?? file.policy ?? Policy.standard.rawValue
        guard let chosenPolicy = Policy(rawValue: policyName) else {
            Self.exit(.configuration, "unknown policy \(policyName) (use default or strict)")
        }
        settings.policy = chosenPolicy
        settings.maxBytes = maxBytes ?? file.maxBytes ?? settings.maxBytes
        settings.settleMilliseconds = settleMs ?? file.settleMs ?? settings.settleMilliseconds
        settings.settleNoCloseMilliseconds = settleNoCloseMs ?? file.settleNoCloseMs ?? settings.settleNoCloseMilliseconds
        settings.emptyGraceMilliseconds = emptyGraceMs ?? file.emptyGraceMs ?? settings.emptyGraceMilliseconds
        settings.emptyOpenCapMilliseconds = emptyOpenCapMs ?? file.emptyOpenCapMs ?? settings.emptyOpenCapMilliseconds
        settings.evaluationBudgetSeconds = evaluationBudgetSeconds ?? file.evaluationBudgetSeconds ?? settings.evaluationBudgetSeconds
        settings.rescanSeconds = rescanSeconds ?? file.rescanSeconds ?? settings.rescanSeconds
        settings.forcePoll = poll || (file.poll ?? false)
        settings.pollMilliseconds = pollMs ?? file.pollMs ?? settings.pollMilliseconds
        settings.workers = workers ?? file.workers ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        settings.readerExecutable = "/proc/self/exe"
        settings.reportPage = !noReportPage && (file.reportPage ?? true)
        settings.readerDeadlineSeconds = readerDeadlineSeconds ?? file.readerDeadlineSeconds ?? settings.readerDeadlineSeconds
        let stopGrace = stopGraceSeconds ?? file.stopGraceSeconds ?? Self.defaultStopGraceSeconds
        guard settings.maxBytes > 0, settings.workers > 0 else { Self.exit(.configuration, "--max-bytes and --workers must be positive") }
        guard settings.evaluationBudgetSeconds > 0, stopGrace > 0, settings.readerDeadlineSeconds > 0 else {
            Self.exit(.configuration, "--evaluation-budget-seconds, --stop-grace-seconds and --reader-deadline-seconds must be positive")
        }

        // One daemon per root, before anything touches the folders or the database.
        let instanceLock: InstanceLock
        do {
            instanceLock = try InstanceLock(root: rootPath)
        } catch {
            Self.exit(.configuration, "\(error)")
        }
        InboxLayout.removeLeftoverProbes(root: rootPath)
        // Check the folders before anything else is created (exit 78 when unusable).
        do {
            _ = try InboxLayout(root: rootPath)
        } catch {
            Self.exit(.configuration, "\(error)")
        }
        let crossYear: Severity = crossYearErrors || file.crossYearErrors == true ? .error : .warning
        let store = Self.openStore(databasePath, crossYearSeverity: crossYear)

        let statusPath = statusFile ?? file.statusFile
        let daemon: InboxDaemon
        do {
            daemon = try InboxDaemon(
                configuration: settings, store: store, logger: logger,
                onStatus: { status in
                    logger.debug("status", metadata: [LogKey.status: .string(status.line)])
                    systemd.status(status.line)
                    if let statusPath { Self.writeStatus(status.line, to: statusPath) }
                },
                onFatal: { message in
                    Lifecycle.queue.async { Self.exit(.failure, message) }
                })
        } catch {
            Self.exit(.configuration, "\(error)")
        }

        let lifecycle = Lifecycle(
            daemon: daemon, store: store, logger: logger, systemd: systemd,
            configPath: config, policyPinned: policy != nil, levelControl: levelControl,
            stopGraceSeconds: stopGrace)

        do {
            try daemon.start()
        } catch {
            Self.exit(Store.isConfigurationProblem(error) ? .configuration : .failure, "start-up failed: \(error)")
        }
        systemd.ready(status: daemon.status().line)
        logger.notice(
            "ready",
            metadata: [
                LogKey.event: "\(GongkaiEvent.start)", LogKey.pid: "\(getpid())", LogKey.root: .string(rootPath),
                LogKey.database: .string(databasePath), LogKey.policy: "\(chosenPolicy.rawValue)", LogKey.workers: "\(settings.workers)",
            ])
        if let usec = systemd.startWatchdog(
            logger: logger,
            probe: {
                let s = daemon.status()
                return PipelineProgress(completed: s.accepted + s.rejected, pending: s.inFlight)
            })
        {
            logger.info("watchdog on: WATCHDOG=1 while the pipeline is idle or moving", metadata: [LogKey.intervalMs: "\(usec / 2000)"])
        }
        // A stop or reload signal that came during start-up has been pending since; the
        // main thread now takes it and every later one (it never returns).
        withExtendedLifetime(instanceLock) {
            StopSignals.receive(on: Lifecycle.queue) { number in lifecycle.handle(signal: number) }
        }
    }

    /// Opens the database and proves it writable. A database the operator must fix
    /// (read-only file or folder, not a database) exits 78; anything else (busy, I/O)
    /// exits 1 so that systemd tries again.
    static func openStore(_ path: String, crossYearSeverity: Severity) -> Store {
        let stateDirectory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        } catch {
            exit(.configuration, "cannot create the database folder \(stateDirectory): \(error)")
        }
        do {
            let store = try Store(path: path, crossYearSeverity: crossYearSeverity)
            try store.recordStart(pid: getpid(), at: Timestamp.now())
            return store
        } catch {
            let status: ExitStatus = Store.isConfigurationProblem(error) ? .configuration : .failure
            exit(status, "cannot open the database \(path) for writing: \(error)")
        }
    }

    static func writeStatus(_ line: String, to path: String) {
        let temporary = path + ".tmp"
        if FileManager.default.createFile(atPath: temporary, contents: Data((line + "\n").utf8)) {
            _ = rename(temporary, path)
        }
    }

    /// The exit statuses, chosen for systemd: `RestartPreventExitStatus=78` keeps a
    /// configuration error from restarting in a loop; everything else non-zero is retried.
    enum ExitStatus: Int32 {
        case configuration = 78
        /// EX_TEMPFAIL: the stop was cut short; the files left in `work/` are recovered on the next start.
        case stopCutShort = 75
        case failure = 1
    }

    /// One line on stderr (and STATUS=/ERRNO= for systemd), then exit.
    static func exit(_ status: ExitStatus, _ message: String) -> Never {
        FileHandle.standardError.write(Data("gongkaid: \(message)\n".utf8))
        systemd.failure(errno: status == .configuration ? EINVAL : EIO, reason: message)
        Glibc.exit(status.rawValue)
    }
}
