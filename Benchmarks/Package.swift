// swift-tools-version:6.1
//
// The benchmarks, in a package of their own so that the main build (and CI) never compiles
// them. They use the engine and the readers through the main package's library products.
//
//   swift run --package-path Benchmarks -c release gongkai-bench --seconds 10
//   swift run --package-path Benchmarks -c release gongkai-bench-formats ../shared/corpus
//
// Run them from the repository root: gongkai-bench reads Tests/GongkaiReportTests/Fixtures/seeds
// (relative to the working directory) when no folder is given.
import PackageDescription

let package = Package(
    name: "gongkai-benchmarks",
    dependencies: [
        // Named, so that the products below resolve whatever the checkout's folder is called.
        .package(name: "gongkai", path: "..")
    ],
    targets: [
        // Engine throughput (parse + validate on one core) and the one-line scaling check.
        .executableTarget(
            name: "gongkai-bench",
            dependencies: [.product(name: "GongkaiReport", package: "gongkai")],
            path: "gongkai-bench"
        ),
        // Reading and evaluation speed per format, and pdftotext -layout for the ratio.
        .executableTarget(
            name: "gongkai-bench-formats",
            dependencies: [
                .product(name: "GongkaiReaders", package: "gongkai"),
                .product(name: "GongkaiReport", package: "gongkai"),
            ],
            path: "gongkai-bench-formats"
        ),
    ]
)
