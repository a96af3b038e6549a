@preconcurrency import Dispatch
import Foundation
import GongkaiCore
import GongkaiInbox
import GongkaiReport
import GongkaiStore
import GongkaiSystemd
import Logging

/// What the daemon does on SIGHUP, SIGTERM and SIGINT. Runs on ``queue`` only (the main
/// thread hands every signal there), so its state needs no lock.
///
/// Stop: the first SIGTERM (or SIGINT) sends STOPPING=1, stops claiming and lets the files
/// in hand finish within the grace period; then the database is closed and the process
/// exits 0. A second signal, or the end of the grace period, stops at once with status 75
/// and a log line naming the files left in `work/` (recovery redoes them on the next start).
final class Lifecycle: @unchecked Sendable {
    // @unchecked: the one `var`, `stopSignals`, is only touched in `stop(signal:)`, which
    // runs on `queue` (checked there in debug builds, and at every entry in `handle`); the
    // rest are immutable `let`s of Sendable types.
    /// The serial queue every signal is handled on.
    static let queue = DispatchQueue(label: "gongkaid.lifecycle")
    let daemon: InboxDaemon
    let store: Store
    let logger: Logger
    let systemd: SystemdService
    let configPath: String?
    let policyPinned: Bool
    let levelControl: LogLevelControl
    let stopGraceSeconds: Double
    private var stopSignals = 0

    init(
        daemon: InboxDaemon, store: Store, logger: Logger, systemd: SystemdService, configPath: String?,
        policyPinned: Bool, levelControl: LogLevelControl, stopGraceSeconds: Double
    ) {
        self.daemon = daemon
        self.store = store
        self.logger = logger
        self.systemd = systemd
        self.configPath = configPath
        self.policyPinned = policyPinned
        self.levelControl = levelControl
        self.stopGraceSeconds = stopGraceSeconds
    }

    func handle(signal number: Int32) {
        dispatchPrecondition(condition: .onQueue(Self.queue))
        if number == SIGHUP {
            reload()
        } else {
            stop(signal: number)
        }
    }

    private func stop(signal number: Int32) {
        #if DEBUG
        dispatchPrecondition(condition: .onQueue(Self.queue))
        #endif
        stopSignals += 1
        guard stopSignals == 1 else {
            cutShort("a second stop signal came", signal: number)
            return
        }
        systemd.stopping()
        logger.notice(
            "stopping: finishing the files in hand",
            metadata: [
                LogKey.event: "\(GongkaiEvent.stopping)", LogKey.signal: "\(number)", LogKey.seconds: "\(stopGraceSeconds)",
                LogKey.count: "\(daemon.filesInHand().count)",
            ])
        Self.queue.asyncAfter(deadline: .now() + stopGraceSeconds) { [self] in
            cutShort("the \(stopGraceSeconds) s grace period ended")
        }
        daemon.stop { [self] in
            do { try store.close() } catch { logger.error("closing the database failed", metadata: [LogKey.error: "\(error)"]) }
            logger.notice("stopped", metadata: [LogKey.event: "\(GongkaiEvent.stop)"])
            Glibc.exit(0)
        }
    }

    /// Stops now; whatever is in hand stays claimed in `work/` for the next start.
    private func cutShort(_ why: String, signal: Int32? = nil) {
        let left = daemon.filesInHand()
        let list = left.prefix(20).joined(separator: ", ") + (left.count > 20 ? ", …" : "")
        var metadata: Logger.Metadata = [
            LogKey.event: "\(GongkaiEvent.failed)", LogKey.reason: .string(why), LogKey.count: "\(left.count)",
            LogKey.files: .string(list),
        ]
        if let signal { metadata[LogKey.signal] = "\(signal)" }
        logger.warning("stop cut short; the files in hand stay in work/ for recovery on the next start", metadata: metadata)
        Gongkaid.exit(.stopCutShort, "stop cut short (\(why)); \(left.count) file(s) left for recovery: \(list)")
    }

    /// SIGHUP (systemctl reload): RELOADING=1 + MONOTONIC_USEC, re-read the file, READY=1.
    private func reload() {
        systemd.reloading()
        defer { systemd.ready(status: daemon.status().line) }
        guard let configPath else {
            logger.notice(
                "reload: no configuration file to read",
                metadata: [
                    LogKey.event: "\(GongkaiEvent.reload)", LogKey.policy: "\(daemon.currentPolicy.rawValue)",
                ])
            return
        }
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
            logger.notice(
                "configuration reloaded",
                metadata: [
                    LogKey.event: "\(GongkaiEvent.reload)", LogKey.path: .string(configPath),
                    LogKey.policy: "\(daemon.currentPolicy.rawValue)",
                ])
        } catch {
            logger.error(
                "reload failed; keeping the old configuration",
                metadata: [
                    LogKey.event: "\(GongkaiEvent.reload)", LogKey.path: .string(configPath), LogKey.error: "\(error)",
                ])
        }
    }
}

/// Why a reload was refused (the old configuration stays in force).
struct ReloadError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
