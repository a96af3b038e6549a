@preconcurrency import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// The signals a service manager sends (SIGTERM to stop, SIGINT from a terminal, SIGHUP to
/// reload), received so that none can be lost or kill the process by its default action.
///
/// Why not `signal(SIG_IGN)` plus a Dispatch signal source: between the two calls a SIGTERM
/// is discarded by the kernel (ignored signals are not queued), and before either it kills
/// the process. Instead the three signals are **blocked** in the first lines of `main`,
/// before any thread exists, so every thread inherits the mask and the kernel keeps a
/// signal pending until someone takes it. Once the daemon is ready, the main thread takes
/// them with `sigwait` and hands each to a queue. A signal that arrives during start-up
/// waits, pending, until then.
public enum StopSignals {
    /// The signals this type manages.
    public static let managed: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    /// Blocks the managed signals in the calling thread. Call it first thing in `main`,
    /// before anything can start a thread; threads created afterwards inherit the mask.
    public static func blockInMain() {
        var set = signalSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Whether the managed signals are blocked in the calling thread (for tests and asserts).
    public static func areBlocked() -> Bool {
        var current = sigset_t()
        pthread_sigmask(SIG_BLOCK, nil, &current)
        return managed.allSatisfy { sigismember(&current, $0) == 1 }
    }

    /// Turns the calling thread (the main thread, which then never returns) into the
    /// signal receiver: it takes each managed signal with `sigwait` and calls `handler` on
    /// `queue`, in arrival order. Call ``blockInMain()`` first.
    ///
    /// This replaces `dispatchMain()`, whose main thread waits in `sigsuspend` with an
    /// empty mask, unblocking every signal there: a SIGTERM would kill the process by its
    /// default action instead of reaching the handler. Nothing may rely on the main
    /// queue being drained.
    public static func receive(on queue: DispatchQueue, handler: @escaping @Sendable (Int32) -> Void) -> Never {
        var set = signalSet()
        while true {
            var number: Int32 = 0
            guard sigwait(&set, &number) == 0 else { continue }
            let received = number
            queue.async { handler(received) }
        }
    }

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for number in managed { sigaddset(&set, number) }
        return set
    }
}
