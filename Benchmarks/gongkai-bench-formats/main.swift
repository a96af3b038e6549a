import Foundation
import GongkaiReaders
import GongkaiReport

// gongkai-bench-formats: reading and evaluation speed per format on a folder of files
// (the corpus), on one core, in process; and `pdftotext -layout` on the same PDFs, as a
// process per file the way it is used, for the ratio.
//
//   swift run --package-path Benchmarks -c release gongkai-bench-formats ../shared/corpus [--seconds 3]

let arguments = CommandLine.arguments.dropFirst()
guard let folder = arguments.first, folder != "--help", folder != "-h" else {
    print("usage: gongkai-bench-formats FOLDER [--seconds N]")
    exit(arguments.isEmpty ? 2 : 0)
}
let seconds =
    arguments.firstIndex(of: "--seconds").flatMap { arguments.index(after: $0) < arguments.endIndex ? Double(arguments[arguments.index(after: $0)]) : nil } ?? 3

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
var byFormat: [DocumentFormat: [(String, [UInt8])]] = [:]
for name in names {
    guard let data = FileManager.default.contents(atPath: folder + "/" + name), !name.hasSuffix(".json"), !name.hasSuffix(".md"), !name.hasSuffix(".py") else {
        continue
    }
    let bytes = [UInt8](data)
    byFormat[DocumentFormat.detect(bytes), default: []].append((name, bytes))
}

/// Runs `body` over the files round-robin for about `seconds`; files/s and MB/s.
func measure(_ files: [(String, [UInt8])], _ body: ([UInt8]) -> Void) -> (filesPerSecond: Double, megabytesPerSecond: Double) {
    for (_, bytes) in files { body(bytes) }  // warm-up: one-time tables
    var count = 0
    var bytesDone = 0
    let start = now()
    while now() - start < seconds {
        for (_, bytes) in files {
            body(bytes)
            count += 1
            bytesDone += bytes.count
        }
    }
    let elapsed = now() - start
    return (Double(count) / elapsed, Double(bytesDone) / elapsed / 1e6)
}

func f(_ x: Double) -> String { String(format: x >= 100 ? "%.0f" : "%.1f", x) }

print("format  files   read files/s   read MB/s   read+evaluate files/s   MB/s")
var pdfReadSeconds: Double?
for format in DocumentFormat.allCases {
    guard let files = byFormat[format], !files.isEmpty else { continue }
    let read = measure(files) { bytes in
        if DocumentEvaluator.needsReader(format) { _ = DocumentEvaluator.read(bytes, format: format) }
    }
    let whole = measure(files) { bytes in _ = DocumentEvaluator.evaluate(bytes) }
    if format == .pdf { pdfReadSeconds = 1 / read.filesPerSecond }
    let readText =
        DocumentEvaluator.needsReader(format)
        ? "\(f(read.filesPerSecond).padding(toLength: 14, withPad: " ", startingAt: 0)) \(f(read.megabytesPerSecond).padding(toLength: 11, withPad: " ", startingAt: 0))"
        : "-              -          "
    print(
        "\(format.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(String(files.count).padding(toLength: 7, withPad: " ", startingAt: 0)) \(readText) \(f(whole.filesPerSecond).padding(toLength: 23, withPad: " ", startingAt: 0)) \(f(whole.megabytesPerSecond))"
    )
}

// pdftotext -layout, one process per file, on the PDFs with text.
if let pdfs = byFormat[.pdf], let tool = ["/usr/bin/pdftotext"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
    var runs = 0
    let start = now()
    while now() - start < seconds {
        for (name, _) in pdfs {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = ["-layout", folder + "/" + name, "/dev/null"]
            process.standardError = FileHandle.nullDevice
            try? process.run()
            process.waitUntilExit()
            runs += 1
        }
    }
    let perFile = (now() - start) / Double(runs)
    print("pdftotext -layout: \(f(1 / perFile)) files/s (\(f(perFile * 1000)) ms per file, process included)")
    if let ours = pdfReadSeconds {
        print("PDF reader / pdftotext time ratio: \(String(format: "%.2f", ours / perFile)) (goal ≤ 1.5)")
    }
}
