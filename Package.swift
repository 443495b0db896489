// swift-tools-version: 6.2
import PackageDescription

/// Strict settings for every target of ours: Swift 6 language mode, the upcoming features
/// swift-log enables, and warnings as errors.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "TransferGrid",
    products: [
        .executable(name: "transfergrid", targets: ["transfergrid"]),
        .library(name: "ZeroMQ", targets: ["ZeroMQ"]),
        .library(name: "Core", targets: ["Core"]),
        .library(name: "Wire", targets: ["Wire"]),
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "Perception", targets: ["Perception"]),
        .library(name: "Transfer", targets: ["Transfer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C: system libraries (Debian packages) and the generated protobuf-c code.
        .systemLibrary(
            name: "CZeroMQ",
            pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]
        ),
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "GridProto",
            cSettings: [.unsafeFlags(["-Wall", "-Werror"])],
            linkerSettings: [.linkedLibrary("protobuf-c")]
        ),

        // Swift modules, bottom up. Only ZeroMQ imports CZeroMQ, only Wire imports GridProto,
        // only Engine imports COpenBLAS, only Hashing imports CCrypto. Only the modules that send
        // or receive messages (Coordinator, Worker, the CLI) import Wire.
        // Core: the vocabulary every layer shares (tasks, models, jobs, digests, the random source).
        .target(name: "Core", swiftSettings: strict),
        .target(name: "Hashing", dependencies: ["Core", "CCrypto"], swiftSettings: strict),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"], swiftSettings: strict),
        .target(name: "Wire", dependencies: ["Core", "GridProto"], swiftSettings: strict),
        .target(name: "Keys", dependencies: ["ZeroMQ"], swiftSettings: strict),
        .target(name: "Engine", dependencies: ["Core", "COpenBLAS"], swiftSettings: strict),
        .target(name: "Perception", dependencies: ["Core", "Engine"], swiftSettings: strict),
        .target(name: "Transfer", swiftSettings: strict),
        .target(name: "Report", dependencies: ["Core", "Transfer"], swiftSettings: strict),
        .target(
            name: "Grid",
            dependencies: ["Core", "Hashing", .product(name: "Yams", package: "Yams")],
            // The presets: one YAML file each, compiled into the binary (no bundle to ship).
            resources: [.embedInCode("Presets")],
            swiftSettings: strict
        ),
        .target(
            name: "Store",
            dependencies: ["Core", "Hashing", "Grid", "Transfer", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // The pure scheduler: events in, store writes and messages out; no sockets, clock or SQLite.
        .target(name: "Scheduling", dependencies: ["Core", "Grid", "Transfer", "Wire"], swiftSettings: strict),
        .target(
            name: "Coordinator",
            dependencies: ["Core", "Hashing", "Grid", "Scheduling", "Store", "Transfer", "Wire", "ZeroMQ", "Keys", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "Worker",
            dependencies: ["Core", "Hashing", "Wire", "ZeroMQ", "Engine", "Perception", .product(name: "Logging", package: "swift-log"),
                           .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // Refinetunes a stored grid's base outside the grid: PGF rows in minutes.
        .target(name: "Calibration", dependencies: ["Core", "Grid", "Store", "Transfer", "Worker"], swiftSettings: strict),
        // A grid on this machine: an embedded coordinator and worker processes it supervises.
        .target(
            name: "LocalGrid",
            dependencies: ["Coordinator", "Grid", "Store", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "transfergrid",
            dependencies: [
                "Core", "Hashing", "ZeroMQ", "Wire", "Keys", "Engine", "Perception", "Transfer", "Report", "Grid", "Scheduling", "Store", "Coordinator", "Worker", "LocalGrid", "Calibration",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"], swiftSettings: strict),
        .testTarget(name: "WireTests", dependencies: ["Core", "Wire"], swiftSettings: strict),
        .testTarget(name: "KeysTests", dependencies: ["Keys", "ZeroMQ"], swiftSettings: strict),
        .testTarget(name: "EngineTests", dependencies: ["Core", "Engine"], exclude: ["Golden"], swiftSettings: strict),
        .testTarget(name: "PerceptionTests", dependencies: ["Core", "Hashing", "Perception", "Engine"], swiftSettings: strict),
        .testTarget(name: "TransferTests", dependencies: ["Transfer", "Report"], swiftSettings: strict),
        .testTarget(name: "GridTests", dependencies: ["Core", "Hashing", "Grid", "Wire"], swiftSettings: strict),
        .testTarget(name: "StoreTests", dependencies: ["Core", "Hashing", "Store", "Grid", "Transfer"], swiftSettings: strict),
        .testTarget(name: "WorkerTests", dependencies: ["Core", "Hashing", "Worker", "Wire", "Grid"], swiftSettings: strict),
        .testTarget(name: "CoordinatorTests", dependencies: ["Core", "Hashing", "Coordinator", "Wire"], swiftSettings: strict),
        .testTarget(name: "SchedulingTests", dependencies: ["Core", "Hashing", "Scheduling", "Grid", "Transfer", "Wire"], swiftSettings: strict),
        .testTarget(name: "LocalGridTests", dependencies: ["LocalGrid", "Coordinator", "Grid", "Store", .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        // End to end: real coordinator and worker processes on loopback (the built executable).
        .testTarget(name: "ClusterTests", dependencies: ["Core", "Hashing", "Store", "Grid", "Wire", "ZeroMQ"], swiftSettings: strict),
    ]
)
