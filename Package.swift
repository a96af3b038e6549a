// swift-tools-version:6.1
//
// gongkai — an inbox daemon that parses and validates Chinese government
// information-disclosure annual reports (政府信息公开工作年度报告).
//
// Layout (data flows one way, left to right):
//
//   GongkaiReport   pure engine: decode → normalise → find tables → parse → validate
//   GongkaiDigest   SHA-256 over the system libcrypto (no swift-crypto build cost)
//   gongkai         the operator CLI (`gongkai check`, …)
import PackageDescription

let package = Package(
    name: "gongkai",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "GongkaiReport", targets: ["GongkaiReport"]),
        .executable(name: "gongkai", targets: ["gongkai"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The report engine. Knows nothing of files, databases or processes.
        .target(name: "GongkaiReport"),

        // System libcrypto, for SHA-256 of every received file.
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "GongkaiDigest", dependencies: ["COpenSSL"]),

        .executableTarget(
            name: "gongkai",
            dependencies: [
                "GongkaiReport", "GongkaiDigest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "gongkai-bench",
            dependencies: ["GongkaiReport"],
            path: "Benchmarks/gongkai-bench"
        ),

        .testTarget(name: "GongkaiReportTests", dependencies: ["GongkaiReport"]),
        .testTarget(name: "GongkaiDigestTests", dependencies: ["GongkaiDigest"]),
        .testTarget(name: "gongkaiTests", dependencies: ["GongkaiReport"]),
    ]
)
