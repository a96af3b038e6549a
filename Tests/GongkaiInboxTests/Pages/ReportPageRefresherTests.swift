import Foundation
import GongkaiCore
import GongkaiStore
import Logging
import Testing

@testable import GongkaiInbox

/// `ROOT/report.html` is written once a burst is over, at the latest `maxDelay` into a long
/// one, never more often than the cool-down allows, and whole.
@Suite struct ReportPageRefresherTests {
    typealias Timing = ReportPageRefresher.Timing
    static let ms: UInt64 = 1_000_000

    // MARK: - The rule

    @Test func aPageIsDueAfterTheQuietTime() {
        let timing = Timing(quiet: 2_000 * Self.ms, maxDelay: 60_000 * Self.ms, coolDownFactor: 10)
        #expect(ReportPageRefresher.due(firstChange: nil, lastChange: nil, lastPageEnded: 0, lastPageDuration: 0, timing: timing) == nil)
        // One change at t = 5 s: due at 7 s.
        #expect(
            ReportPageRefresher.due(firstChange: 5_000 * Self.ms, lastChange: 5_000 * Self.ms, lastPageEnded: 0, lastPageDuration: 0, timing: timing)
                == 7_000 * Self.ms)
        // Changes keep coming (the last at 30 s): due 2 s after the last one.
        #expect(
            ReportPageRefresher.due(firstChange: 5_000 * Self.ms, lastChange: 30_000 * Self.ms, lastPageEnded: 0, lastPageDuration: 0, timing: timing)
                == 32_000 * Self.ms)
    }

    @Test func aLongBurstGetsAPageAfterTheLongestDelay() {
        let timing = Timing(quiet: 2_000 * Self.ms, maxDelay: 60_000 * Self.ms, coolDownFactor: 10)
        // First unshown change at 5 s, still changing at 100 s: due at 65 s.
        #expect(
            ReportPageRefresher.due(firstChange: 5_000 * Self.ms, lastChange: 100_000 * Self.ms, lastPageEnded: 0, lastPageDuration: 0, timing: timing)
                == 65_000 * Self.ms)
    }

    @Test func aSlowPageCoolsDownForTenTimesItsDuration() {
        let timing = Timing(quiet: 2_000 * Self.ms, maxDelay: 60_000 * Self.ms, coolDownFactor: 10)
        // The last page took 3 s and ended at 10 s: nothing before 40 s, however quiet.
        #expect(
            ReportPageRefresher.due(
                firstChange: 11_000 * Self.ms, lastChange: 11_000 * Self.ms, lastPageEnded: 10_000 * Self.ms, lastPageDuration: 3_000 * Self.ms,
                timing: timing) == 40_000 * Self.ms)
        // A fast page (20 ms) does not delay the next.
        #expect(
            ReportPageRefresher.due(
                firstChange: 11_000 * Self.ms, lastChange: 11_000 * Self.ms, lastPageEnded: 10_000 * Self.ms, lastPageDuration: 20 * Self.ms,
                timing: timing) == 13_000 * Self.ms)
    }

    // MARK: - The real thing: a store, a folder, a queue

    final class Fixture {
        let root: String
        let store: Store
        let rootFD: Int32

        init() throws {
            root = NSTemporaryDirectory() + "gongkai-report-page-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            store = try Store(path: root + "/test.sqlite")
            rootFD = FileSystem.openDirectory(root)
        }

        func refresher(_ timing: Timing) -> ReportPageRefresher {
            ReportPageRefresher(store: store, rootFD: rootFD, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), timing: timing)
        }

        var page: String? { try? String(contentsOfFile: root + "/report.html", encoding: .utf8) }
        var names: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted() }

        deinit {
            close(rootFD)
            try? store.close()
            try? FileManager.default.removeItem(atPath: root)
        }
    }

    static func waitFor(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(5_000)
        }
        return condition()
    }

    @Test func aBurstGivesOnePageAtItsEnd() throws {
        let fixture = try Fixture()
        let quiet = 0.3
        let refresher = fixture.refresher(Timing(quiet: UInt64(quiet * 1e9), maxDelay: 60_000 * Self.ms, coolDownFactor: 10))
        // Twenty batches 10 ms apart: shorter gaps than the quiet time. A loaded machine may
        // stretch a gap past it; each such gap allows one more page.
        var longGaps = 0
        var last = Date()
        for _ in 0..<20 {
            let now = Date()
            if now.timeIntervalSince(last) >= quiet { longGaps += 1 }
            last = now
            refresher.reportsStored()
            usleep(10_000)
        }
        #expect(Self.waitFor(seconds: 10) { refresher.pagesWritten >= 1 })
        // Well past another quiet time: no page beyond those the gaps allow.
        #expect(!Self.waitFor(seconds: 2 * quiet) { refresher.pagesWritten > 1 + longGaps })
        let page = try #require(fixture.page)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.hasSuffix("</html>\n"))
        #expect(fixture.names == ["report.html", "test.sqlite", "test.sqlite-shm", "test.sqlite-wal"])
        refresher.stop()
    }

    @Test func aLongBurstStillUpdatesThePage() throws {
        let fixture = try Fixture()
        let refresher = fixture.refresher(Timing(quiet: 10_000 * Self.ms, maxDelay: 100 * Self.ms, coolDownFactor: 1))
        // Never quiet for 10 s; the longest delay (100 ms) still brings pages.
        let end = Date().addingTimeInterval(5)
        while Date() < end, refresher.pagesWritten < 2 {
            refresher.reportsStored()
            usleep(20_000)
        }
        #expect(refresher.pagesWritten >= 2)
        refresher.stop()
    }

    @Test func noPageAfterStop() throws {
        let fixture = try Fixture()
        let refresher = fixture.refresher(Timing(quiet: 20 * Self.ms, maxDelay: 50 * Self.ms, coolDownFactor: 1))
        refresher.stop()
        refresher.reportsStored()
        #expect(!Self.waitFor(seconds: 0.5) { fixture.page != nil })
        #expect(refresher.pagesWritten == 0)
    }

    @Test func aFailingWriteIsReportedAndRetriedOnTheNextChange() throws {
        let fixture = try Fixture()
        // A directory where the page goes: the rename over it fails.
        try FileManager.default.createDirectory(atPath: fixture.root + "/report.html/x", withIntermediateDirectories: true)
        let refresher = fixture.refresher(Timing(quiet: 20 * Self.ms, maxDelay: 50 * Self.ms, coolDownFactor: 0))
        refresher.reportsStored()
        #expect(Self.waitFor(seconds: 5) { refresher.failures == 1 })
        #expect(refresher.pagesWritten == 0)
        #expect(!fixture.names.contains(".report.html.partial"))
        try FileManager.default.removeItem(atPath: fixture.root + "/report.html")
        refresher.reportsStored()
        #expect(Self.waitFor(seconds: 10) { refresher.pagesWritten == 1 })
        refresher.stop()
    }
}
