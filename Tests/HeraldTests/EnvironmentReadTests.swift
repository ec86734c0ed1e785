import Foundation
import Testing

/// `HeraldConfiguration` is the only reader of `HERALD_*` variables (README "Configuration"): no
/// other source file reads the environment, so every setting has one parser, one name in its errors
/// and one place in `--help`.
@Suite struct EnvironmentReadTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")
    /// The configuration type's own files.
    static let configurationFolder = "Herald/Configuration/"

    /// Ways Swift code reads the environment: Foundation's dictionary, libc, or a lookup of a `HERALD_` key.
    static func readsTheEnvironment(_ line: String) -> Bool {
        let code = line.drop { $0 == " " }
        guard !code.hasPrefix("//") else { return false }
        return ["ProcessInfo.processInfo.environment", "getenv(", "secure_getenv(", "environ[", "environment[\"", "[\"HERALD_"]
            .contains { code.contains($0) }
    }

    @Test func onlyTheConfigurationTypeReadsTheEnvironment() throws {
        let files = try #require(FileManager.default.enumerator(atPath: Self.sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") && !$0.hasPrefix(Self.configurationFolder) }
        #expect(files.count > 100, "the sources were found: \(files.count) files")
        var offending: [String] = []
        for file in files {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where Self.readsTheEnvironment(String(line)) {
                offending.append("Sources/\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(offending.isEmpty, "read the setting through HeraldConfiguration instead:\n\(offending.joined(separator: "\n"))")
    }

    @Test func theCheckRecognisesEachWayOfReading() {
        #expect(Self.readsTheEnvironment(#"let path = ProcessInfo.processInfo.environment["HERALD_OUTBOX"] ?? "x""#))
        #expect(Self.readsTheEnvironment(#"    let value = getenv("HERALD_LISTEN")"#))
        #expect(Self.readsTheEnvironment(#"name: environment["HERALD_BRAND_NAME"] ?? sample.name,"#))
        #expect(Self.readsTheEnvironment(#"let token = env["HERALD_API_TOKEN"]"#))
        #expect(!Self.readsTheEnvironment(#"/// Reads `HERALD_FROM` (see ProcessInfo.processInfo.environment)"#))
        #expect(!Self.readsTheEnvironment(#"case .invalidURL(let url): "HERALD_SMTP_URL: not a URL with a host: \(url)""#))
    }
}
