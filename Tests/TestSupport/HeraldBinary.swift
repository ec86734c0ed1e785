import Foundation

/// The built `herald` executable and the repository it was built from, for tests that run the
/// real binary (through `ChildProcess`) or read the repository's templates and preview samples.
public enum HeraldBinary {
    /// The repository's root folder (this file is `Tests/TestSupport/HeraldBinary.swift`).
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The binary next to the test bundle (SwiftPM builds products into one folder), else the
    /// repository's debug build.
    public static func executable() throws -> URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("herald")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
            let beside = bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("herald")
            if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        }
        let fallback = repositoryRoot.appendingPathComponent(".build/debug/herald")
        guard FileManager.default.isExecutableFile(atPath: fallback.path) else { throw ChildProcess.LaunchError.notExecutable(besideTests.path) }
        return fallback
    }

    /// A clean environment for `herald` (no developer's `HERALD_*` leaks into a test) with `extra`
    /// added; the sanitizer settings of `make test-asan` / `make test-tsan` apply to the binary too.
    public static func environment(adding extra: [String: String] = [:]) -> [String: String] {
        var environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        for name in ["ASAN_OPTIONS", "TSAN_OPTIONS"] { environment[name] = ProcessInfo.processInfo.environment[name] }
        environment.merge(extra) { $1 }
        return environment
    }

    /// `HERALD_TEMPLATES` and `HERALD_PREVIEWS_DIR` of the repository, for a `herald` run elsewhere.
    public static var repositoryContent: [String: String] {
        ["HERALD_TEMPLATES": repositoryRoot.appendingPathComponent("Templates").path,
         "HERALD_PREVIEWS_DIR": repositoryRoot.appendingPathComponent("Previews").path]
    }

    /// Runs `herald <arguments>` to completion (killed past `timeout`) in `directory`, with
    /// `environment` added to the clean one.
    public static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], stdin: Data? = nil,
        timeout: TimeInterval = 60
    ) throws -> ChildProcess.Result {
        try ChildProcess.run(
            try executable(), arguments: arguments, directory: directory, environment: Self.environment(adding: environment),
            stdin: stdin, timeout: timeout)
    }
}
