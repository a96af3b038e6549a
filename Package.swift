// swift-tools-version:6.1
//
// gongkai — an inbox daemon that parses and validates Chinese government
// information-disclosure annual reports (政府信息公开工作年度报告).
//
// Modules (data flows one way: event → claim → read → parse → validate → store → move → notify):
//
//   GongkaiReport   pure engine: decode → normalise → find tables → parse → validate
//   GongkaiDigest   SHA-256 over the system libcrypto (no swift-crypto build cost)
//   GongkaiStore    the SQLite database (GRDB, WAL, migrations)
//   GongkaiInbox    the drop folder: inotify watcher, claim, pipeline, moves, recovery
//   GongkaiSystemd  systemd glue: sd_notify, watchdog, journald logging (libsystemd via CSystemd)
//   gongkaid        the daemon executable
//   gongkai         the operator CLI (`gongkai check`, …)
import PackageDescription

let package = Package(
    name: "gongkai",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "GongkaiReport", targets: ["GongkaiReport"]),
        .executable(name: "gongkai", targets: ["gongkai"]),
        .executable(name: "gongkaid", targets: ["gongkaid"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // The report engine. Knows nothing of files, databases or processes.
        .target(name: "GongkaiReport"),

        // Format readers: each turns one kind of file into the engine's Document, and none
        // knows the template. libxml2's headers pull in ICU, which clashes with Foundation's
        // in one file, so GongkaiXML (no Foundation) wraps it behind Swift types.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "GongkaiXML", dependencies: ["CLibXML2"]),
        .target(name: "GongkaiHTML", dependencies: ["GongkaiReport", "GongkaiXML"]),
        .target(name: "GongkaiDOCX", dependencies: ["GongkaiReport", "GongkaiXML", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
        .target(name: "GongkaiPDF", dependencies: ["GongkaiReport", "CPoppler"]),
        // Detects the format and runs the right reader, then the engine: bytes in, evaluation out.
        .target(name: "GongkaiReaders", dependencies: ["GongkaiReport", "GongkaiHTML", "GongkaiDOCX", "GongkaiPDF"]),

        // System libcrypto, for SHA-256 of every received file.
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "GongkaiDigest", dependencies: ["COpenSSL"]),

        // Storage: reports, cells, findings and processing state in SQLite.
        .target(
            name: "GongkaiStore",
            dependencies: [
                "GongkaiReport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),

        // The drop folder and the processing pipeline.
        .target(
            name: "GongkaiInbox",
            dependencies: [
                "GongkaiReport", "GongkaiReaders", "GongkaiDigest", "GongkaiStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // systemd: readiness, status, watchdog and the journal's native protocol.
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .target(
            name: "GongkaiSystemd",
            dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")]
        ),

        .executableTarget(
            name: "gongkaid",
            dependencies: [
                "GongkaiInbox", "GongkaiStore", "GongkaiSystemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "gongkai",
            dependencies: [
                "GongkaiReport", "GongkaiReaders", "GongkaiDigest", "GongkaiStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "gongkai-bench-formats",
            dependencies: ["GongkaiReaders", "GongkaiReport"],
            path: "Benchmarks/gongkai-bench-formats"
        ),
        .executableTarget(
            name: "gongkai-bench",
            dependencies: ["GongkaiReport"],
            path: "Benchmarks/gongkai-bench"
        ),

        // Helpers shared by the test targets that drive real processes.
        .target(name: "GongkaiTestSupport", path: "Tests/GongkaiTestSupport"),
        .testTarget(name: "GongkaiReportTests", dependencies: ["GongkaiReport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GongkaiDigestTests", dependencies: ["GongkaiDigest"]),
        .testTarget(name: "GongkaiDOCXTests", dependencies: ["GongkaiDOCX", "GongkaiReport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GongkaiHTMLTests", dependencies: ["GongkaiHTML", "GongkaiReport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GongkaiPDFTests", dependencies: ["GongkaiPDF", "GongkaiReport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GongkaiReadersTests", dependencies: ["GongkaiReaders", "GongkaiReport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GongkaiStoreTests", dependencies: ["GongkaiStore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "GongkaiInboxTests", dependencies: ["GongkaiInbox", "GongkaiStore"]),
        .testTarget(name: "GongkaiSystemdTests", dependencies: ["GongkaiTestSupport", "GongkaiSystemd"]),
        .testTarget(name: "gongkaiTests", dependencies: ["GongkaiTestSupport", "GongkaiReport", "GongkaiStore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "gongkaidTests", dependencies: ["GongkaiTestSupport", "GongkaiStore", .product(name: "GRDB", package: "GRDB.swift")],
                    exclude: ["Fixtures"]),
    ]
)
