import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Polls `condition` every 20 ms until it holds or `timeout` seconds pass.
///
/// The integration tests wait on real processes and folders; a poll with a deadline is
/// the synchronisation, never a fixed sleep.
@discardableResult
public func waitFor(timeout: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}
