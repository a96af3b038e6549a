import Foundation

/// SplitMix64: a small, fast, seedable generator, so a randomized test can be replayed. The
/// one generator of every test target (fuzzing, hostile inputs, synthetic reports).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n` (0 when `n` ≤ 0); the modulo bias is irrelevant for mutations.
    public mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
}

/// The seed of a randomized test: `GONGKAI_TEST_SEED` when set (decimal, or hex with `0x`),
/// otherwise a fresh random one. Tests print it at the start and put it in their failure
/// messages; its description says how to replay:
///
///     GONGKAI_TEST_SEED=1234 swift test --filter killNine
public struct TestSeed: CustomStringConvertible, Sendable {
    public static let environmentVariable = "GONGKAI_TEST_SEED"

    public let value: UInt64
    /// Whether the seed came from `GONGKAI_TEST_SEED` (a replay) rather than fresh.
    public let isReplay: Bool

    public init(value: UInt64, isReplay: Bool = true) {
        self.value = value
        self.isReplay = isReplay
    }

    /// The seed from the environment, or a fresh one. A set but unreadable variable is an
    /// error, never silently replaced by a random seed.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TestSeed {
        guard let text = environment[environmentVariable]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            var system = SystemRandomNumberGenerator()
            return TestSeed(value: system.next(), isReplay: false)
        }
        guard let value = parse(text) else {
            throw SeedError(description: "\(environmentVariable)=\(text) is not a 64-bit number (decimal or 0x…)")
        }
        return TestSeed(value: value, isReplay: true)
    }

    static func parse(_ text: String) -> UInt64? {
        let lowered = text.lowercased()
        if lowered.hasPrefix("0x") { return UInt64(lowered.dropFirst(2), radix: 16) }
        return UInt64(text)
    }

    /// A generator for one use of this seed. Different `stream`s give independent sequences
    /// from the same seed (so adding a random choice to one part of a test does not shift
    /// the numbers another part draws).
    public func generator(stream: UInt64 = 0) -> SplitMix64 {
        var mixer = SplitMix64(seed: value ^ (stream &* 0xD1B5_4A32_D192_ED03))
        return SplitMix64(seed: mixer.next())
    }

    public var description: String {
        "seed \(value) (\(isReplay ? "from" : "replay with") \(Self.environmentVariable)=\(value))"
    }
}

public struct SeedError: Error, CustomStringConvertible {
    public let description: String
}
