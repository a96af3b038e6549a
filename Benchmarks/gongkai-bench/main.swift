// gongkai-bench: parse + validate throughput of the report engine on one core.
//
//   swift run --package-path Benchmarks -c release gongkai-bench [SEED_DIR] [--seconds N] [--iterations N]
//   swift run --package-path Benchmarks -c release gongkai-bench [SEED_DIR] --one-line [--sizes 1,20] [--variants a,b] [--repeat N] [--repeat-large N] [--dump DIR] [--list]
//   swift run --package-path Benchmarks -c release gongkai-bench --evaluate FILE...
//
// Run from the repository root (Benchmarks/ is a package of its own, so the main build does
// not compile it).
//
// Loads every file in SEED_DIR (default: the seed fixtures), evaluates each once to
// warm up (this also builds the traditional→simplified table), then evaluates them
// round-robin on the calling thread for N seconds (default 5) and prints reports/s,
// the mean time per report and the time per seed.
//
// --one-line builds reports of 1 MiB and 20 MiB (or --sizes, in MiB) from the seeds in
// memory, the whole report on one line as crawlers save it (and a few other shapes: see
// OneLine.swift), times ReportEngine.evaluate on each size and prints the times and the
// ratio t(20 MiB) / (20 × t(1 MiB)): 1 is linear growth. --dump DIR also writes the inputs.
//
// --evaluate times one evaluation of each FILE (nothing else runs: for a profiler) and
// prints a digest of the whole evaluation, to check that two builds behave the same.
import Foundation
import GongkaiReport

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--help" || arguments.first == "-h" {
    print(
        """
        usage: gongkai-bench [SEED_DIR] [--seconds N] [--iterations N]
               gongkai-bench [SEED_DIR] --one-line [--sizes 1,20] [--variants a,b] [--repeat N] [--repeat-large N] [--dump DIR] [--list]
               gongkai-bench --evaluate FILE...
        SEED_DIR defaults to Tests/GongkaiReportTests/Fixtures/seeds (run from the repository root).
        """)
    exit(0)
}
var oneLineArguments: [String]? = nil
if let i = arguments.firstIndex(of: "--one-line") {
    // Everything after --one-line belongs to that mode.
    oneLineArguments = Array(arguments[(i + 1)...])
    arguments.removeSubrange(i...)
}
if arguments.first == "--evaluate" {
    for path in arguments.dropFirst() {
        guard let data = FileManager.default.contents(atPath: path) else {
            FileHandle.standardError.write(Data("gongkai-bench: cannot read \(path)\n".utf8))
            exit(2)
        }
        let bytes = [UInt8](data)
        let t0 = now()
        let evaluation = ReportEngine.evaluate(bytes)
        let t1 = now()
        // A digest of everything evaluated (report and findings), to compare two builds.
        var digest: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in String(describing: evaluation).utf8 { digest = (digest ^ UInt64(byte)) &* 0x100_0000_01b3 }
        print(
            String(
                format: "%@  %d bytes  %.1f ms  %@, %d findings, digest %016llx", path, bytes.count, (t1 - t0) * 1000,
                "\(evaluation.verdict())", evaluation.findings.count, digest))
    }
    exit(0)
}
var seconds = 5.0
var iterations = Int.max
if let i = arguments.firstIndex(of: "--iterations"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    iterations = n
    arguments.removeSubrange(i...(i + 1))
}
if let i = arguments.firstIndex(of: "--seconds"), i + 1 < arguments.count, let s = Double(arguments[i + 1]) {
    seconds = s
    arguments.removeSubrange(i...(i + 1))
}
let directory = arguments.first ?? "Tests/GongkaiReportTests/Fixtures/seeds"
let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
let files: [(String, [UInt8])] = names.compactMap { name in
    FileManager.default.contents(atPath: directory + "/" + name).map { (name, [UInt8]($0)) }
}
guard !files.isEmpty else {
    FileHandle.standardError.write(Data("gongkai-bench: no files in \(directory)\n".utf8))
    exit(2)
}

if let oneLineArguments {
    for (_, bytes) in files { _ = ReportEngine.evaluate(bytes) }  // one-time tables
    runOneLine(seeds: files, arguments: oneLineArguments)
    exit(0)
}

let warmStart = now()
for (_, bytes) in files { _ = ReportEngine.evaluate(bytes) }
let warmup = now() - warmStart

var perSeed = [Double](repeating: 0, count: files.count)
var perSeedCount = [Int](repeating: 0, count: files.count)
var count = 0
var sink = 0
let start = now()
var elapsed = 0.0
var rounds = 0
while elapsed < seconds && rounds < iterations {
    rounds += 1
    for (index, file) in files.enumerated() {
        let t0 = now()
        let evaluation = ReportEngine.evaluate(file.1)
        perSeed[index] += now() - t0
        perSeedCount[index] += 1
        sink &+= evaluation.findings.count
    }
    count += files.count
    elapsed = now() - start
}
let bytes = files.map(\.1.count).reduce(0, +)
print("gongkai-bench: \(files.count) files, \(bytes) bytes, one core, \(String(format: "%.1f", elapsed)) s")
print(String(format: "  first pass (includes one-time tables): %.1f ms", warmup * 1000))
print(
    String(
        format: "  throughput: %.0f reports/s (%.1f µs per report, %.1f MB/s)", Double(count) / elapsed, elapsed / Double(count) * 1e6,
        Double(bytes) * Double(count) / Double(files.count) / elapsed / 1e6))
for (index, file) in files.enumerated() {
    print(String(format: "  %@  %7.1f µs", file.0, perSeed[index] / Double(max(perSeedCount[index], 1)) * 1e6))
}
if sink == -1 { print(sink) }
