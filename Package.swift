// swift-tools-version:6.0
import PackageDescription

// Herald uses no third-party Swift packages (product owner's decision): only the toolchain,
// Foundation, Glibc, and system C libraries through system-library targets.
let package = Package(
    name: "Herald",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "herald", targets: ["herald"]),
        .library(name: "Template", targets: ["Template"]),
        .library(name: "Messages", targets: ["Messages"]),
    ],
    targets: [
        // Mustache engine: knows nothing about email.
        .target(name: "Template"),
        // Message catalog: typed contexts, Money/Day, rendering, MIME composition.
        .target(name: "Messages", dependencies: ["Template"]),
        .executableTarget(name: "herald", dependencies: ["Template", "Messages"]),
        // Benchmarks (release build): `swift run -c release herald-bench`.
        .executableTarget(name: "herald-bench", dependencies: ["Template"], exclude: ["Fixtures"]),
        // Complete messages per second (decode, render, MIME): `swift run -c release herald-compose-bench`.
        .executableTarget(name: "herald-compose-bench", dependencies: ["Messages"]),

        .testTarget(name: "TemplateTests", dependencies: ["Template"], resources: [.copy("Fixtures")]),
        // Reads Templates/, Previews/ and its Golden/ files from the repository through #filePath.
        .testTarget(name: "MessagesTests", dependencies: ["Messages"], exclude: ["Golden"]),
        .testTarget(name: "CLITests", dependencies: ["herald"]),
    ],
    swiftLanguageModes: [.v6]
)
