import ArgumentParser
@preconcurrency import Dispatch
import Foundation
import GongkaiInbox
import GongkaiReport
import GongkaiStore
import GongkaiSystemd
import Logging

/// gongkaid: watches an inbox folder, checks every annual report dropped into it, stores
/// the result in SQLite and moves the file to `accepted/` or `rejected/`.
@main
struct Gongkaid: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkaid",
        abstract: "The gongkai inbox daemon: checks reports dropped into ROOT/inbox.",
        discussion: """
            Folders: ROOT/inbox (uploads), ROOT/work (private), ROOT/accepted, ROOT/rejected (with NAME.reason.txt).
            Uploaders writing in place should use a temporary name (.NAME, NAME.part, NAME.tmp) and rename when done.
            Exit status 78 (EX_CONFIG) when the folders or the database cannot be used.
            """)

    @Option(help: "JSON configuration file; command-line options override it.")
    var config: String?

    @Option(help: "Data root holding inbox/, work/, accepted/ and rejected/ (default: ./data).")
    var root: String?

    @Option(help: "SQLite database path (default: ROOT/state/gongkai.sqlite).")
    var database: String?

    @Option(help: "Verdict policy: default or strict.")
    var policy: String?

    @Option(help: "Size limit in bytes; larger files are rejected unread (default: 20 MiB).")
    var maxBytes: Int64?

    @Option(help: "Quiet period after a close-write, in ms (default: 200).")
    var settleMs: Int?

    @Option(help: "Minimum age of files seen without a close (IN_CREATE only, found by a scan), in ms (default: 3000).")
    var settleNoCloseMs: Int?

    @Option(help: "How long an empty file may stay empty before it is rejected, in ms (default: 30000).")
    var emptyGraceMs: Int?

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

    /// The systemd side: READY/STATUS/RELOADING/STOPPING/ERRNO and the watchdog; no-ops outside systemd.
    static let systemd = SystemdService()

    mutating func run() throws {
        var file = DaemonConfigFile()
        if let config {
            do { file = try DaemonConfigFile.load(config) } catch {
                Self.fail("cannot read the configuration file \(config): \(error)")
            }
        }
        let level = Logger.Level(rawValue: logLevel ?? file.logLevel ?? "info") ?? .info
        let levelControl = LogLevelControl(level)
        SystemdLogging.bootstrap(identifier: "gongkaid", target: .automatic, levelControl: levelControl)
        let logger = Logger(label: "gongkaid")
        let systemd = Self.systemd

        let rootPath = Self.absolute(root ?? file.root ?? "data")
        let databasePath = Self.absolute(database ?? file.database ?? rootPath + "/state/gongkai.sqlite")
        var settings = InboxConfiguration(root: rootPath)
        let policyName = policy ?? file.policy ?? "default"
        guard let chosenPolicy = Policy(rawValue: policyName) else {
            Self.fail("unknown policy \(policyName) (use default or strict)")
        }
        settings.policy = chosenPolicy
        settings.maxBytes = maxBytes ?? file.maxBytes ?? settings.maxBytes
        settings.settleMilliseconds = settleMs ?? file.settleMs ?? settings.settleMilliseconds
        settings.settleNoCloseMilliseconds = settleNoCloseMs ?? file.settleNoCloseMs ?? settings.settleNoCloseMilliseconds
        settings.emptyGraceMilliseconds = emptyGraceMs ?? file.emptyGraceMs ?? settings.emptyGraceMilliseconds
        settings.rescanSeconds = rescanSeconds ?? file.rescanSeconds ?? settings.rescanSeconds
        settings.forcePoll = poll || (file.poll ?? false)
        settings.pollMilliseconds = pollMs ?? file.pollMs ?? settings.pollMilliseconds
        settings.workers = workers ?? file.workers ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        guard settings.maxBytes > 0, settings.workers > 0 else { Self.fail("--max-bytes and --workers must be positive") }

        // Check the folders before anything else is created (exit 78 when unusable).
        do {
            _ = try InboxLayout(root: rootPath)
        } catch let error as InboxLayout.ConfigurationError {
            Self.fail(error.description)
        }
        let store: Store
        let daemon: InboxDaemon
        do {
            let stateDirectory = (databasePath as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
            store = try Store(path: databasePath)
        } catch {
            Self.fail("cannot open the database \(databasePath): \(error)")
        }
        do {
            daemon = try InboxDaemon(configuration: settings, store: store, logger: logger)
        } catch let error as InboxLayout.ConfigurationError {
            Self.fail(error.description)
        }
        let statusPath = statusFile ?? file.statusFile
        daemon.statusHandler = { status in
            logger.debug("status: \(status.line)")
            systemd.status(status.line)
            if let statusPath { Self.writeStatus(status.line, to: statusPath) }
        }
        do {
            try daemon.start()
        } catch {
            Self.fail("start-up failed: \(error)")
        }
        systemd.ready(status: daemon.status().line)
        logger.notice("ready: root \(rootPath), database \(databasePath), policy \(chosenPolicy.rawValue), \(settings.workers) worker(s)",
                      metadata: [GongkaiLogKey.event: "\(GongkaiEvent.start)"])
        if let usec = systemd.startWatchdog(logger: logger, probe: {
            let s = daemon.status()
            return PipelineProgress(completed: s.accepted + s.rejected, pending: s.inFlight)
        }) {
            logger.info("watchdog: WATCHDOG=1 every \(usec / 2000) ms while the pipeline is idle or moving")
        }
        let configPath = config
        // SIGHUP (systemctl reload): RELOADING=1 + MONOTONIC_USEC, re-read the file, READY=1.
        signal(SIGHUP, SIG_IGN)
        let policyPinned = policy != nil
        let hup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .main)
        hup.setEventHandler {
            systemd.reloading()
            var outcome = "no configuration file"
            if let configPath {
                do {
                    let reloaded = try DaemonConfigFile.load(configPath)
                    if let name = reloaded.logLevel, let newLevel = Logger.Level(rawValue: name) { levelControl.level = newLevel }
                    // The policy follows the file unless the command line pinned it.
                    if !policyPinned, let name = reloaded.policy {
                        guard let newPolicy = Policy(rawValue: name) else {
                            throw ReloadError("unknown policy \(name) (use default or strict)")
                        }
                        daemon.setPolicy(newPolicy)
                    }
                    outcome = "reloaded \(configPath) (policy \(daemon.currentPolicy.rawValue))"
                } catch {
                    outcome = "reload failed, keeping the old configuration: \(error)"
                    logger.error("\(outcome)")
                }
            }
            logger.notice("configuration: \(outcome)", metadata: [GongkaiLogKey.event: "\(GongkaiEvent.reload)"])
            systemd.ready(status: daemon.status().line)
        }
        hup.resume()

        // Clean stop: finish the files in hand, close the database, exit 0. libdispatch
        // handles the signals through its own signalfd; SIG_IGN keeps the default action away.
        let signals = [Int32(SIGTERM), Int32(SIGINT)].map { number -> DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler {
                systemd.stopping()
                logger.notice("signal \(number): finishing the files in hand and stopping")
                DispatchQueue.main.asyncAfter(deadline: .now() + 8) {
                    logger.warning("stop took too long; exiting (the rest is recovered on the next start)")
                    Glibc.exit(0)
                }
                daemon.stop {
                    do { try store.close() } catch { logger.error("closing the database: \(error)") }
                    logger.notice("stopped", metadata: [GongkaiLogKey.event: "\(GongkaiEvent.stop)"])
                    Glibc.exit(0)
                }
            }
            source.resume()
            return source
        }
        withExtendedLifetime((signals, hup)) {
            dispatchMain()
        }
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }

    static func writeStatus(_ line: String, to path: String) {
        let temporary = path + ".tmp"
        if FileManager.default.createFile(atPath: temporary, contents: Data((line + "\n").utf8)) {
            _ = rename(temporary, path)
        }
    }

    /// Configuration problems: one line on stderr and exit 78 (EX_CONFIG), so systemd's
    /// RestartPreventExitStatus=78 stops a restart loop.
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("gongkaid: \(message)\n".utf8))
        systemd.failure(errno: EINVAL, reason: message)
        Glibc.exit(78)
    }
}

/// Why a reload was refused (the old configuration stays in force).
struct ReloadError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
