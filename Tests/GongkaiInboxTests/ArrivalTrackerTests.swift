@testable import GongkaiInbox
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The settle rule, with a fake clock and fake stat samples.
struct ArrivalTrackerTests {
    static let ms: UInt64 = 1_000_000
    let settings = ArrivalTracker.Settings(settle: 200 * ms, settleNoClose: 3000 * ms, emptyGrace: 1000 * ms,
                                           emptyOpenCap: 60_000 * ms)

    func sample(size: Int64, mtime: Int64, mode: UInt32 = UInt32(S_IFREG) | 0o644) -> StatSample {
        var st = stat()
        st.st_size = Int(size)
        st.st_mtim.tv_sec = Int(mtime / 1_000_000_000)
        st.st_mtim.tv_nsec = Int(mtime % 1_000_000_000)
        st.st_mode = mode
        st.st_nlink = 1
        return StatSample(st)
    }

    func readyNames(_ checks: [FileName]) -> [String] {
        checks.map(\.display)
    }

    @Test func aMoveIsCompleteAtOnce() {
        var tracker = ArrivalTracker(settings: settings)
        let r1 = tracker.note(FileName("a.txt"), .moved, now: 0)
        #expect(r1)
        #expect(tracker.settling.isEmpty)
    }

    @Test func aCloseWriteWaitsForTheQuietPeriodAndModifyRestartsIt() {
        var tracker = ArrivalTracker(settings: settings)
        let name = FileName("a.txt")
        let s = sample(size: 10, mtime: 0)
        let r2 = tracker.note(name, .closed, now: 0)
        #expect(!r2)
        #expect(readyNames(tracker.due(now: 100 * Self.ms, wallNow: 0) { _ in .success(s) }).isEmpty)
        _ = tracker.note(name, .closed, now: 150 * Self.ms)
        #expect(readyNames(tracker.due(now: 300 * Self.ms, wallNow: 0) { _ in .success(s) }).isEmpty)
        #expect(readyNames(tracker.due(now: 360 * Self.ms, wallNow: 0) { _ in .success(s) }) == ["a.txt"])
    }

    @Test func aFileWithoutACloseWaitsForStableStatAndAge() {
        var tracker = ArrivalTracker(settings: settings)
        let name = FileName("slow.txt")
        _ = tracker.note(name, .open, now: 0)
        let wall: Int64 = 10_000_000_000
        let fresh = sample(size: 10, mtime: wall)
        // Stable but too young: not ready, however long it has been quiet.
        #expect(readyNames(tracker.due(now: 300 * Self.ms, wallNow: wall + 300_000_000) { _ in .success(fresh) }).isEmpty)
        #expect(readyNames(tracker.due(now: 1000 * Self.ms, wallNow: wall + 1_000_000_000) { _ in .success(fresh) }).isEmpty)
        // Old enough and unchanged: ready.
        #expect(readyNames(tracker.due(now: 3200 * Self.ms, wallNow: wall + 3_200_000_000) { _ in .success(fresh) }) == ["slow.txt"])
    }

    @Test func aScannedOldFileOnlyWaitsOneStableInterval() {
        var tracker = ArrivalTracker(settings: settings)
        _ = tracker.note(FileName("old.txt"), .scanned, now: 0)
        let old = sample(size: 10, mtime: 0)
        let wall: Int64 = 100_000_000_000
        #expect(readyNames(tracker.due(now: 10 * Self.ms, wallNow: wall) { _ in .success(old) }).isEmpty)
        #expect(readyNames(tracker.due(now: 250 * Self.ms, wallNow: wall) { _ in .success(old) }) == ["old.txt"])
    }

    @Test func emptyFilesWaitForTheGracePeriodAndSpecialFilesGoAtOnce() {
        var tracker = ArrivalTracker(settings: settings)
        _ = tracker.note(FileName("empty.txt"), .closed, now: 0)
        _ = tracker.note(FileName("fifo"), .open, now: 0)
        let empty = sample(size: 0, mtime: 0)
        let fifo = sample(size: 0, mtime: 0, mode: UInt32(S_IFIFO) | 0o644)
        let stat: (FileName) -> Result<StatSample, Errno> = { $0.display == "fifo" ? .success(fifo) : .success(empty) }
        let r3 = readyNames(tracker.due(now: 300 * Self.ms, wallNow: 0, stat: stat))
        #expect(r3 == ["fifo"])
        let r4 = readyNames(tracker.due(now: 1100 * Self.ms, wallNow: 0, stat: stat))
        #expect(r4 == ["empty.txt"])
    }

    @Test func eventsWhileQueuedAreKeptForTheNextFileOfThatName() {
        var tracker = ArrivalTracker(settings: settings)
        let name = FileName("a.txt")
        let r5 = tracker.note(name, .moved, now: 0)
        #expect(r5)
        let r6 = tracker.note(name, .closed, now: 1)
        #expect(!r6)
        tracker.finished(name, now: 2)
        #expect(tracker.isTracked(name))
        #expect(tracker.settling.contains(name))
        tracker.finished(name, now: 3)
        #expect(!tracker.isTracked(name))
    }
}
