import GongkaiCore
import GongkaiStore

/// What the writer needs of the database, in the order it uses it: a decision (read),
/// then, after the writer has named the files, one commit, then rows marked done after
/// the moves. ``Store`` is the one implementation; tests wrap it to record the order.
protocol ReportStore: Sendable {
    func decide(_ items: [ReportInput]) throws -> [IngestDecision]
    func commit(_ items: [PlacedReport], processedAt: String) throws -> [IngestOutcome]
    func markDone(_ ids: [Int64], movedAt: String, renamed: [Int64: (raw: [UInt8], path: String)], reasonNames: [Int64: [UInt8]]) throws
    func reopen() throws
    /// Whether an error is worth retrying (for the log).
    func isTransient(_ error: any Error) -> Bool
    /// Whether an error suggests the connection is spoiled and worth reopening.
    func suggestsReopen(_ error: any Error) -> Bool
}

extension Store: ReportStore {
    func isTransient(_ error: any Error) -> Bool { Store.isTransient(error) }
    func suggestsReopen(_ error: any Error) -> Bool { Store.suggestsReopen(error) }
}
