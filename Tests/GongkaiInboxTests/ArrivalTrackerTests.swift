import GongkaiCore
import Testing

@testable import GongkaiInbox

#if canImport(Glibc)
import Glibc
#endif

/// The settle rule, with a fake clock and fake stat samples.
struct ArrivalTrackerTests {
    static let ms: UInt64 = 1_000_000
    let settings = ArrivalTracker.Settings(
        settle: 200 * ms, settleNoClose: 3000 * ms, emptyGrace: 1000 * ms,
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

    @Test func anEmptyFileStillOpenForWritingWaitsForItsWriterUpToTheCap() {
        var tracker = ArrivalTracker(settings: settings)
        // IN_CREATE, no close: the writer holds it open; its mtime is old enough for the no-close rule.
        _ = tracker.note(FileName("slow.txt"), .open, now: 0)
        let empty = sample(size: 0, mtime: 0)
        let wall: Int64 = 10_000 * Int64(Self.ms)
        var ready: [String] = []
        var now: UInt64 = 0
        while now < 59_000 * Self.ms {
            now += 250 * Self.ms
            ready += readyNames(tracker.due(now: now, wallNow: wall) { _ in .success(empty) })
        }
        #expect(ready.isEmpty, "not judged empty while its writer may still write (grace is 1 s)")
        #expect(
            readyNames(tracker.due(now: 60_001 * Self.ms, wallNow: wall) { _ in .success(empty) }) == ["slow.txt"],
            "judged at the cap")
        // Once closed, the ordinary grace applies.
        var closed = ArrivalTracker(settings: settings)
        _ = closed.note(FileName("done.txt"), .open, now: 0)
        _ = closed.note(FileName("done.txt"), .closed, now: 100 * Self.ms)
        #expect(readyNames(closed.due(now: 1_100 * Self.ms, wallNow: wall) { _ in .success(empty) }) == ["done.txt"])
    }

    @Test func aDirectoryIsAnArrivalOnceItStopsChanging() {
        var tracker = ArrivalTracker(settings: settings)
        let folder = FileName("uploads")
        _ = tracker.note(folder, .open, now: 0)
        let wall: Int64 = 10_000 * Int64(Self.ms)
        let growing = { (n: Int64) in self.sample(size: 4096, mtime: wall - 100 * Int64(Self.ms) + n, mode: UInt32(S_IFDIR) | 0o755) }
        #expect(readyNames(tracker.due(now: 300 * Self.ms, wallNow: wall) { _ in .success(growing(1)) }).isEmpty)
        // Entries still arriving: the mtime moved, so it starts over.
        #expect(readyNames(tracker.due(now: 600 * Self.ms, wallNow: wall) { _ in .success(growing(2)) }).isEmpty)
        // Stable and old enough: handed on (to be rejected with a reason).
        let later = wall + 4_000 * Int64(Self.ms)
        #expect(readyNames(tracker.due(now: 900 * Self.ms, wallNow: later) { _ in .success(growing(2)) }) == ["uploads"])
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
