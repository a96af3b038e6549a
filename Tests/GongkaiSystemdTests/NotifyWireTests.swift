import Testing

@testable import GongkaiSystemd

#if canImport(Glibc)
import Glibc
#endif

/// The sd_notify datagrams, as a real AF_UNIX listener on NOTIFY_SOCKET receives them.
/// Serialized: NOTIFY_SOCKET and WATCHDOG_* are process-wide.
@Suite("sd_notify wire format", .serialized)
struct NotifyWireTests {
    /// Binds a listener at a temporary NOTIFY_SOCKET for the duration of `body`.
    func withNotifySocket(_ body: (DatagramListener) throws -> Void) throws {
        let directory = try makeTemporaryDirectory()
        defer { rmdir(directory) }
        let listener = try DatagramListener(path: directory + "/notify.sock")
        setenv("NOTIFY_SOCKET", listener.path, 1)
        defer { unsetenv("NOTIFY_SOCKET") }
        try body(listener)
    }

    @Test func readyCarriesTheStatusLine() throws {
        try withNotifySocket { listener in
            let notifier = SystemdNotifier()
            #expect(notifier.isEnabled)
            #expect(notifier.ready(status: "watching /srv/gongkai/inbox (inotify) · 0 accepted") > 0)
            #expect(listener.receiveOwn()?.text == "READY=1\nSTATUS=watching /srv/gongkai/inbox (inotify) · 0 accepted")
        }
    }

    @Test func statusWatchdogStoppingAndFailure() throws {
        try withNotifySocket { listener in
            let notifier = SystemdNotifier()
            notifier.status("3 accepted\n1 rejected")
            #expect(listener.receiveOwn()?.text == "STATUS=3 accepted 1 rejected")
            notifier.watchdog()
            #expect(listener.receiveOwn()?.text == "WATCHDOG=1")
            notifier.watchdogTrigger()
            #expect(listener.receiveOwn()?.text == "WATCHDOG=trigger")
            notifier.stopping(status: "Stopping: finishing 2 files")
            #expect(listener.receiveOwn()?.text == "STOPPING=1\nSTATUS=Stopping: finishing 2 files")
            notifier.failure(errno: EIO, reason: "cannot open the database /var/lib/gongkai/gongkai.sqlite")
            #expect(listener.receiveOwn()?.text == "STATUS=Failed: cannot open the database /var/lib/gongkai/gongkai.sqlite\nERRNO=5")
            notifier.extendTimeout(usec: 30_000_000)
            #expect(listener.receiveOwn()?.text == "EXTEND_TIMEOUT_USEC=30000000")
        }
    }

    @Test func reloadingCarriesMonotonicUsec() throws {
        try withNotifySocket { listener in
            let before = SystemdNotifier.monotonicUsec()
            SystemdNotifier().reloading()
            let after = SystemdNotifier.monotonicUsec()
            let text = try #require(listener.receiveOwn()?.text)
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.count == 3)
            #expect(lines.first == "RELOADING=1")
            #expect(lines.last == "STATUS=Reloading configuration")
            let usec = try #require(
                lines.dropFirst().first.flatMap { line -> UInt64? in
                    guard line.hasPrefix("MONOTONIC_USEC=") else { return nil }
                    return UInt64(line.dropFirst("MONOTONIC_USEC=".count))
                })
            #expect(usec >= before && usec <= after)
        }
    }

    @Test func serviceSequenceAndThrottledStatus() throws {
        try withNotifySocket { listener in
            let service = SystemdService(statusIntervalNanos: 300_000_000)
            service.ready(status: "watching inbox · 0 accepted")
            #expect(listener.receiveOwn()?.text == "READY=1\nSTATUS=watching inbox · 0 accepted")
            // Unchanged: nothing sent. Changed within the interval: held back, then sent.
            service.status("watching inbox · 0 accepted")
            service.status("watching inbox · 1 accepted")
            service.status("watching inbox · 2 accepted")
            let started = DatagramListener.nowMs()
            #expect(listener.receiveOwn()?.text == "STATUS=watching inbox · 2 accepted")
            #expect(DatagramListener.nowMs() - started >= 200)
            #expect(listener.isQuiet(forMs: 400))
            service.reloading()
            #expect(listener.receiveOwn()?.text.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") == true)
            service.ready(status: "watching inbox · 2 accepted")
            #expect(listener.receiveOwn()?.text == "READY=1\nSTATUS=watching inbox · 2 accepted")
            service.stopping()
            #expect(listener.receiveOwn()?.text == "STOPPING=1\nSTATUS=Stopping: finishing the files in hand")
        }
    }

    @Test func nothingIsSentWithoutNotifySocket() {
        unsetenv("NOTIFY_SOCKET")
        let notifier = SystemdNotifier()
        #expect(!notifier.isEnabled)
        #expect(notifier.ready(status: "x") == 0)
        #expect(notifier.watchdog() == 0)
    }

    @Test func watchdogPingsWhileHealthyAndStopsWhenStalled() throws {
        try withNotifySocket { listener in
            setenv("WATCHDOG_USEC", "100000", 1)
            setenv("WATCHDOG_PID", String(getpid()), 1)
            defer {
                unsetenv("WATCHDOG_USEC")
                unsetenv("WATCHDOG_PID")
            }
            #expect(SystemdNotifier.watchdogIntervalUsec() == 100_000)
            let state = ProbeState()
            let service = SystemdService()
            let interval = service.startWatchdog(stallLimitNanos: 150_000_000) { state.progress }
            #expect(interval == 100_000)
            // Idle: pings every 50 ms.
            #expect(listener.receiveOwn()?.text == "WATCHDOG=1")
            #expect(listener.receiveOwn()?.text == "WATCHDOG=1")
            // Busy and finishing files: still pings.
            state.progress = PipelineProgress(completed: 1, pending: 2)
            #expect(listener.receiveOwn()?.text == "WATCHDOG=1")
            // Busy, nothing finishing: pings stop once the stall limit (150 ms) has passed.
            var last = DatagramListener.nowMs()
            while listener.receiveOwn(timeoutMs: 300) != nil { last = DatagramListener.nowMs() }
            #expect(DatagramListener.nowMs() - last >= 300)
            // Progress again: pings resume.
            state.progress = PipelineProgress(completed: 2, pending: 1)
            #expect(listener.receiveOwn(timeoutMs: 1000)?.text == "WATCHDOG=1")
            service.stopping()
            #expect(listener.receiveOwn()?.text.hasPrefix("STOPPING=1") == true)
            while listener.receiveOwn(timeoutMs: 100) != nil {}
            #expect(listener.isQuiet(forMs: 200))
        }
    }

    @Test func watchdogIsOffForAnotherPid() {
        setenv("WATCHDOG_USEC", "100000", 1)
        setenv("WATCHDOG_PID", "1", 1)
        defer {
            unsetenv("WATCHDOG_USEC")
            unsetenv("WATCHDOG_PID")
        }
        #expect(SystemdNotifier.watchdogIntervalUsec() == nil)
    }
}

final class ProbeState: @unchecked Sendable {
    // @unchecked: guarded by a pthread mutex.
    private var mutex = pthread_mutex_t()
    private var value = PipelineProgress(completed: 0, pending: 0)

    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }

    var progress: PipelineProgress {
        get {
            pthread_mutex_lock(&mutex)
            defer { pthread_mutex_unlock(&mutex) }
            return value
        }
        set {
            pthread_mutex_lock(&mutex)
            value = newValue
            pthread_mutex_unlock(&mutex)
        }
    }
}
