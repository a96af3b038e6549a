// swift-tools-version:6.1
//
// gongkai — an inbox daemon that parses and validates Chinese government
// information-disclosure annual reports (政府信息公开工作年度报告).
//
// Modules (data flows one way: event → claim → read → parse → validate → store → move → notify):
//
//   GongkaiCore     the vocabulary every module speaks: verdicts, folders, file names, log keys
//   GongkaiReport   pure engine: decode → normalise → find tables → parse → validate
//   GongkaiDigest   SHA-256 over the system libcrypto (no swift-crypto build cost)
//   GongkaiStore    the SQLite database (GRDB, WAL, migrations)
//   GongkaiInbox    the drop folder: inotify watcher, claim, pipeline, moves, recovery
//   GongkaiSystemd  systemd glue: sd_notify, watchdog, journald logging (libsystemd via CSystemd)
//   GongkaiCommandLine  the options both executables declare (--root, --database)
//   gongkaid        the daemon executable
//   gongkai         the operator CLI (`gongkai check`, …)
import PackageDescription

let package = Package(
    name: "gongkai",
    products: [
        .library(name: "GongkaiReport", targets: ["GongkaiReport"]),
        // For the benchmarks (Benchmarks/Package.swift), which the main build does not compile.
        .library(name: "GongkaiReaders", targets: ["GongkaiReaders"]),
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
        // The shared vocabulary: verdict, severity, policy, tables, file names and their
        // rules, folders and default paths, the one no-replace rename, log events and keys.
        .target(name: "GongkaiCore"),

        // The report engine. Knows nothing of files, databases or processes.
        .target(name: "GongkaiReport", dependencies: ["GongkaiCore"]),

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
                "GongkaiCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),

        // Pages a person looks at: self-contained HTML (reason pages, the report page).
        .target(name: "GongkaiPages", dependencies: ["GongkaiCore", "GongkaiStore"]),

        // The drop folder and the processing pipeline.
        .target(
            name: "GongkaiInbox",
            dependencies: [
                "GongkaiCore", "GongkaiReport", "GongkaiReaders", "GongkaiDigest", "GongkaiStore", "GongkaiPages",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // systemd: readiness, status, watchdog and the journal's native protocol.
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .target(
            name: "GongkaiSystemd",
            dependencies: ["GongkaiCore", "CSystemd", .product(name: "Logging", package: "swift-log")]
        ),

        // The command-line options both executables share: --root and --database, declared once.
        .target(
            name: "GongkaiCommandLine",
            dependencies: ["GongkaiCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        .executableTarget(
            name: "gongkaid",
            dependencies: [
                "GongkaiCore", "GongkaiCommandLine", "GongkaiInbox", "GongkaiStore", "GongkaiSystemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "gongkai",
            dependencies: [
                "GongkaiCore", "GongkaiCommandLine", "GongkaiReport", "GongkaiReaders", "GongkaiDigest", "GongkaiStore", "GongkaiPages",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets that drive real processes.
        .target(name: "GongkaiTestSupport", dependencies: ["GongkaiReport"], path: "Tests/GongkaiTestSupport"),
        .testTarget(name: "GongkaiReportTests", dependencies: ["GongkaiTestSupport", "GongkaiReport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GongkaiCoreTests", dependencies: ["GongkaiCore"]),
        .testTarget(name: "GongkaiPagesTests", dependencies: ["GongkaiPages", "GongkaiStore", "GongkaiCore", "GongkaiTestSupport"]),
        .testTarget(name: "GongkaiDigestTests", dependencies: ["GongkaiDigest"]),
        .testTarget(name: "GongkaiDOCXTests", dependencies: ["GongkaiTestSupport", "GongkaiDOCX", "GongkaiReport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GongkaiHTMLTests", dependencies: ["GongkaiTestSupport", "GongkaiHTML", "GongkaiReport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GongkaiPDFTests", dependencies: ["GongkaiTestSupport", "GongkaiPDF", "GongkaiReport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GongkaiReadersTests", dependencies: ["GongkaiReaders", "GongkaiReport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GongkaiStoreTests", dependencies: ["GongkaiStore", "GongkaiCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "GongkaiInboxTests", dependencies: ["GongkaiInbox", "GongkaiStore", "GongkaiCore", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "GongkaiSystemdTests", dependencies: ["GongkaiTestSupport", "GongkaiSystemd", "GongkaiCore"]),
        .testTarget(
            name: "gongkaiTests",
            dependencies: [
                "GongkaiTestSupport", "GongkaiCore", "GongkaiCommandLine", "GongkaiReport", "GongkaiStore", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "gongkaidTests", dependencies: ["GongkaiTestSupport", "GongkaiStore", "GongkaiCore", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Fixtures"]),
    ]
)
