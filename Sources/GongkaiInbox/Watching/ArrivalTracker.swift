import GongkaiCore

/// Decides when a name in the inbox is a complete arrival (the settle rule).
///
/// - `IN_MOVED_TO`: complete at once (a rename is atomic).
/// - `IN_CLOSE_WRITE`: complete after a quiet period (`settle`) with no further event;
///   `IN_MODIFY` means someone writes again, so the name goes back to the "open" rule.
/// - `IN_CREATE`/`IN_MODIFY` without a close (hard links, slow or stalled writers), and
///   names found by a scan (start, overflow, periodic, poll mode): two identical `lstat`
///   samples at least `settle` apart, and a modification time at least `settleNoClose` old.
///   A file copied in with an old mtime therefore only waits one settle period; a fresh
///   file whose writer holds it open waits the longer period.
/// - Empty files wait `emptyGrace` (scanners create placeholders) before they are handed on;
///   an empty file whose writer has not closed it (created, never IN_CLOSE_WRITE) waits up
///   to `emptyOpenCap`, since a slow upload has not written its first byte yet.
/// - Directories settle like a file seen without a close (stable samples, old enough), so a
///   folder being copied in is not taken half-filled; they are then rejected with a reason.
/// - Anything else that is not a regular file (symlink, FIFO, …) is handed on at once, to be
///   rejected without being opened.
///
/// Pure bookkeeping: the caller supplies the clocks and the `lstat`, so it is unit-testable.
struct ArrivalTracker {
    enum Signal: Sendable, Equatable {
        case moved, closed, open, scanned
    }

    struct Settings: Sendable {
        var settle: UInt64
        var settleNoClose: UInt64
        var emptyGrace: UInt64
        var emptyOpenCap: UInt64
    }

    struct Entry {
        var signal: Signal
        var firstSeen: UInt64
        var lastEvent: UInt64
        var sample: StatSample?
        var sampleAt: UInt64 = 0
        var queued = false
        var pending: Signal?
        var notBefore: UInt64 = 0
    }

    let settings: Settings
    private(set) var entries: [FileName: Entry] = [:]
    private(set) var settling: Set<FileName> = []

    init(settings: Settings) { self.settings = settings }

    var count: Int { entries.count }
    func isTracked(_ name: FileName) -> Bool { entries[name] != nil }

    /// Records an event. Returns true when the name is ready at once (a completed move).
    mutating func note(_ name: FileName, _ signal: Signal, now: UInt64) -> Bool {
        if var entry = entries[name] {
            if entry.queued {
                // Being claimed right now; look again once that is over.
                entry.pending = Self.merge(entry.pending, signal)
                entries[name] = entry
                return false
            }
            guard signal != .scanned else { return false }
            entry.signal = signal
            entry.lastEvent = now
            entry.notBefore = 0
            if signal == .moved {
                entry.queued = true
                entries[name] = entry
                settling.remove(name)
                return true
            }
            entries[name] = entry
            return false
        }
        var entry = Entry(signal: signal, firstSeen: now, lastEvent: now)
        if signal == .moved {
            entry.queued = true
            entries[name] = entry
            return true
        }
        entries[name] = entry
        settling.insert(name)
        return false
    }

    static func merge(_ old: Signal?, _ new: Signal) -> Signal {
        guard let old else { return new }
        if new == .scanned { return old }
        return new
    }

    /// Checks every settling name; returns those now ready (marked queued).
    mutating func due(now: UInt64, wallNow: Int64, stat: (FileName) -> Result<StatSample, Errno>) -> [FileName] {
        var results: [FileName] = []
        for name in settling {
            guard var entry = entries[name], !entry.queued, now >= entry.notBefore else { continue }
            let sample: StatSample
            switch stat(name) {
            case .failure:
                // Gone (or unreadable as a name): forget it; a rescan finds it again if it comes back.
                entries[name] = nil
                settling.remove(name)
                continue
            case .success(let s):
                sample = s
            }
            let isDirectory = sample.fileType == .directory
            switch sample.fileType {
            case .regular, .directory:
                break
            default:
                entry.queued = true
                entries[name] = entry
                settling.remove(name)
                results.append(name)
                continue
            }
            // Each "not yet" also says when to look again, so a large backlog that is still
            // settling is not `lstat`ed on every tick.
            var ready: Bool
            switch isDirectory ? .scanned : entry.signal {
            case .moved:
                ready = true
            case .closed:
                ready = now &- entry.lastEvent >= settings.settle
                if !ready { entry.notBefore = entry.lastEvent &+ settings.settle }
            case .open, .scanned:
                if entry.sample != sample {
                    entry.sample = sample
                    entry.sampleAt = now
                    entry.notBefore = now &+ settings.settle
                    ready = false
                } else {
                    let quiet = now &- entry.lastEvent >= settings.settle && now &- entry.sampleAt >= settings.settle
                    let age = wallNow - sample.mtimeNanos
                    ready = quiet && age >= Int64(settings.settleNoClose)
                    if !ready {
                        let young = age < Int64(settings.settleNoClose) ? UInt64(Int64(settings.settleNoClose) - max(age, 0)) : 0
                        entry.notBefore = now &+ max(young, settings.settle / 4)
                    }
                }
            }
            if ready, !isDirectory, sample.size == 0 {
                // Still open for writing (created, never closed): wait for the writer, up to the cap.
                let wait = entry.signal == .open ? max(settings.emptyOpenCap, settings.emptyGrace) : settings.emptyGrace
                if now &- entry.firstSeen < wait {
                    ready = false
                    entry.notBefore = min(entry.firstSeen &+ wait, now &+ max(settings.settle, 1))
                }
            }
            if ready {
                entry.queued = true
                settling.remove(name)
                results.append(name)
            }
            entries[name] = entry
        }
        return results
    }

    /// The claim of a queued name is over (claimed, or the name vanished). If events came
    /// meanwhile, a new file of that name is there: track it afresh.
    mutating func finished(_ name: FileName, now: UInt64) {
        guard let entry = entries[name] else { return }
        if let pending = entry.pending {
            entries[name] = Entry(signal: pending, firstSeen: now, lastEvent: now)
            settling.insert(name)
        } else {
            entries[name] = nil
            settling.remove(name)
        }
    }

    /// A claim failed for a passing reason (e.g. disk full): look again after `delay`.
    mutating func retry(_ name: FileName, now: UInt64, delay: UInt64) {
        guard var entry = entries[name] else { return }
        entry.queued = false
        entry.signal = .moved
        entry.notBefore = now &+ delay
        entries[name] = entry
        settling.insert(name)
    }
}
