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
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
        .library(name: "Messages", targets: ["Messages"]),
        .library(name: "HeraldTesting", targets: ["HeraldTesting"]),
    ],
    targets: [
        // Mustache engine: knows nothing about email.
        .target(name: "Template", swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")]),
        // Herald's one lock (a pthread mutex, which ThreadSanitizer sees; Synchronization.Mutex it does not).
        .target(name: "Locking"),
        // Herald's one log (JSON lines, a level filter, a sink), injected by the `herald` command.
        .target(name: "HeraldLogging", dependencies: ["Locking"]),
        // libcrypto through a system-library target: RSA-SHA256 signatures and SHA-256 for DKIM.
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // DKIM signing (RFC 6376) of composed messages: knows nothing about the catalog.
        .target(name: "DKIM", dependencies: ["CCrypto"]),
        // Message catalog: typed contexts, Money/Day, rendering, MIME composition.
        .target(name: "Messages", dependencies: ["Template", "DKIM", "CCrypto", "Locking"]),
        // The one process runner (`ChildProcess`) and the one bounded wait (`waitUntil`), for tests and `herald check`.
        .target(name: "ChildProcesses", dependencies: ["Locking"]),
        // Headless Chromium from the command line: one page per run, every HTML part in an iframe of it.
        .target(name: "HeadlessBrowser", dependencies: ["ChildProcesses"]),
        // Linux calls the Glibc module does not expose (epoll, eventfd, accept4).
        .systemLibrary(name: "CSystem"),
        // HTTP/1.1 server on POSIX sockets: knows nothing about email.
        .target(name: "HTTPServer", dependencies: ["CSystem", "Locking"], swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")]),
        // The service: send API, preview pages, health, metrics, configuration.
        .target(name: "Herald", dependencies: ["HTTPServer", "Messages", "Delivery", "DKIM", "Template", "Locking", "HeraldLogging"]),
        .executableTarget(name: "herald", dependencies: ["Template", "Messages", "Delivery", "DKIM", "Herald", "Locking", "HeraldLogging", "HeadlessBrowser"]),
        // libcurl through a system-library target; shim.h wraps the variadic curl_easy_setopt.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // libsqlite3 through a system-library target: the embedded spool store (SQLite).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // libpq through a system-library target: the shared spool store (PostgreSQL), for several instances.
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // Transports (outbox, SMTP) and the durable spool with its worker.
        .target(name: "Delivery", dependencies: ["Messages", "CCurl", "CCrypto", "CSQLite", "CPostgres", "Locking", "HeraldLogging"]),
        // Helpers for callers' tests: an in-process Herald (`TestHerald`), read the outbox, find messages, decode their context.
        .target(name: "HeraldTesting", dependencies: ["Messages", "Delivery", "Herald", "HTTPServer", "HeraldLogging", "Locking"]),
        // Benchmarks (release build): `swift run -c release herald-bench`.
        .executableTarget(name: "herald-bench", dependencies: ["Template"], exclude: ["Fixtures"]),
        // Complete messages per second (decode, render, MIME): `swift run -c release herald-compose-bench`.
        .executableTarget(name: "herald-compose-bench", dependencies: ["Messages"]),
        // Measures SMTP throughput (connection reuse vs not) and spool enqueue rate.
        .executableTarget(name: "herald-delivery-bench", dependencies: ["Delivery", "Messages", "Locking", "HeraldLogging"]),

        // Fuzz targets (`make fuzz`): libFuzzer programs when built with -sanitize=fuzzer -DFUZZING, else
        // replayers of the inputs given as arguments. FuzzerRuntime only declares libFuzzer's driver.
        .systemLibrary(name: "FuzzerRuntime"),
        .target(name: "FuzzSupport", dependencies: ["FuzzerRuntime"]),
        .executableTarget(name: "FuzzHTTPParser", dependencies: ["FuzzSupport", "HTTPServer", "TestSupport"]),
        .executableTarget(name: "FuzzSendPipeline", dependencies: ["FuzzSupport", "Messages"]),
        .executableTarget(name: "FuzzTemplate", dependencies: ["FuzzSupport", "Template"]),
        .executableTarget(name: "FuzzMIMEEncoding", dependencies: ["FuzzSupport", "Messages"]),
        .executableTarget(name: "FuzzAddress", dependencies: ["FuzzSupport", "Messages"]),
        .executableTarget(name: "FuzzConnectionStateMachine", dependencies: ["FuzzSupport", "HTTPServer"]),

        // Shared by test targets: a raw TCP client, free loopback ports, a seeded random generator, log readers, a DKIM verifier.
        .target(name: "TestSupport", dependencies: ["Locking", "HeraldLogging", "ChildProcesses"], path: "Tests/TestSupport"),
        .testTarget(name: "HeraldLoggingTests", dependencies: ["HeraldLogging", "TestSupport"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["Locking", "HTTPServer", "TestSupport"]),
        .testTarget(name: "HeraldTests", dependencies: ["Delivery", "Locking", "Herald", "HTTPServer", "HeraldTesting", "Messages", "TestSupport", "HeadlessBrowser"],
                    exclude: ["Resources", "Support"]),
        .testTarget(name: "TemplateTests", dependencies: ["Template", "TestSupport"], resources: [.copy("Fixtures")]),
        // Reads Templates/, Previews/ and its Golden/ files from the repository through #filePath.
        .testTarget(name: "MessagesTests", dependencies: ["Messages", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "DeliveryTests", dependencies: ["Locking", "Delivery", "HeraldLogging", "HeraldTesting", "Messages", "TestSupport"], resources: [.copy("Support")]),
        .testTarget(name: "CLITests", dependencies: ["herald", "TestSupport"]),
        .testTarget(name: "DKIMTests", dependencies: ["DKIM", "Messages", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
