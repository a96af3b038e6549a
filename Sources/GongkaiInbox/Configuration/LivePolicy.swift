import GongkaiCore
import GongkaiReport
import Synchronization

/// The verdict policy, changeable while the daemon runs.
///
/// `systemctl reload` (SIGHUP) re-reads the configuration file; an operator who switches
/// to the strict policy expects the next file to be judged by it without a restart (and
/// without losing the files in hand). Workers read it once per file.
public final class LivePolicy: Sendable {
    private let value: Mutex<Policy>

    public init(_ policy: Policy) {
        value = Mutex(policy)
    }

    /// The policy for the next verdict.
    public var current: Policy { value.withLock { $0 } }

    /// Sets the policy for verdicts from now on.
    public func set(_ policy: Policy) {
        value.withLock { $0 = policy }
    }
}
