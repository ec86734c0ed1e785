import Foundation
import Herald
import TestSupport
import Testing

/// `HERALD_DKIM_DOMAIN`, `_SELECTOR`, `_KEY_FILE`: keys are loaded and judged at startup, every problem
/// names its setting, and neither the key nor its content is ever shown.
@Suite struct DKIMConfigurationTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-dkim-config-\(UUID().uuidString)")

    func file(_ name: String, _ content: String) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(content.utf8).write(to: url)
        return url.path
    }

    func problems(_ environment: [String: String]) -> String {
        do {
            _ = try HeraldConfiguration.load(environment: environment)
            return "accepted"
        } catch {
            return error.description
        }
    }

    @Test func twoSelectorsWithTheirKeysMakeASignerShownWithoutItsKeys() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try DKIMVerifier.generateKey()
        let second = try DKIMVerifier.generateKey()
        let configuration = try HeraldConfiguration.load(environment: [
            "HERALD_DKIM_DOMAIN": "Atelier-Nord.example", "HERALD_DKIM_SELECTOR": "2026a, 2026b",
            "HERALD_DKIM_KEY_FILE": try file("a.pem", first) + "," + file("b.pem", second),
        ])
        let signer = try #require(configuration.dkim)
        #expect(signer.domain == "atelier-nord.example")
        #expect(signer.keys.map(\.selector) == ["2026a", "2026b"])
        let shown = configuration.masked.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        #expect(shown.contains("dkim=d=atelier-nord.example s=2026a,2026b"))
        #expect(!shown.contains("PRIVATE KEY") && !shown.contains(String(first.split(separator: "\n")[1].prefix(20))))
        #expect(try HeraldConfiguration.load(environment: [:]).dkim == nil)
        #expect(!configuration.isAligned(signer), "the sample sender is @localhost")
        let aligned = try HeraldConfiguration.load(environment: ["HERALD_FROM": "billing@mail.atelier-nord.example"])
        #expect(aligned.isAligned(signer))
        let lookalike = try HeraldConfiguration.load(environment: ["HERALD_FROM": "billing@evilatelier-nord.example"])
        #expect(!lookalike.isAligned(signer))
    }

    @Test func everyDKIMProblemNamesItsSettingAndNoneShowsTheKey() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = try file("good.pem", try DKIMVerifier.generateKey())
        let short = try DKIMVerifier.generateKey(bits: 1024)
        let shortFile = try file("short.pem", short)
        let cases: [([String: String], [String])] = [
            (["HERALD_DKIM_DOMAIN": "example.com"],
             ["HERALD_DKIM_SELECTOR (--dkim-selector): is required", "HERALD_DKIM_KEY_FILE (--dkim-key-file): is required"]),
            (["HERALD_DKIM_DOMAIN": "example.com", "HERALD_DKIM_SELECTOR": "a,b", "HERALD_DKIM_KEY_FILE": good],
             ["gives 1 key file(s) for 2 selector(s)"]),
            (["HERALD_DKIM_DOMAIN": "example.com", "HERALD_DKIM_SELECTOR": "a", "HERALD_DKIM_KEY_FILE": shortFile],
             ["HERALD_DKIM_KEY_FILE (--dkim-key-file): \(shortFile): the RSA key has 1024 bits; at least 2048 are required"]),
            (["HERALD_DKIM_DOMAIN": "example.com", "HERALD_DKIM_SELECTOR": "a", "HERALD_DKIM_KEY_FILE": directory.appendingPathComponent("none").path],
             ["HERALD_DKIM_KEY_FILE (--dkim-key-file): no file at"]),
            (["HERALD_DKIM_DOMAIN": "example.com", "HERALD_DKIM_SELECTOR": "a", "HERALD_DKIM_KEY_FILE": try file("junk.pem", "hello\n")],
             ["HERALD_DKIM_KEY_FILE (--dkim-key-file):", "not a PEM private key"]),
            (["HERALD_DKIM_DOMAIN": "example.com", "HERALD_DKIM_SELECTOR": "a;b=1", "HERALD_DKIM_KEY_FILE": good],
             ["HERALD_DKIM_SELECTOR (--dkim-selector): selector \"a;b=1\" is not a DNS name"]),
            (["HERALD_DKIM_DOMAIN": "example.com\r\nBcc: x@example.org", "HERALD_DKIM_SELECTOR": "a", "HERALD_DKIM_KEY_FILE": good],
             ["HERALD_DKIM_DOMAIN (--dkim-domain): domain"]),
            (["HERALD_DKIM_DOMAIN": "example.com", "HERALD_DKIM_SELECTOR": "a", "HERALD_DKIM_KEY_FILE": "/dev/zero"],
             ["HERALD_DKIM_KEY_FILE (--dkim-key-file): /dev/zero is not a regular file"]),
        ]
        for (environment, expected) in cases {
            let text = problems(environment)
            for part in expected { #expect(text.contains(part), "\(environment): \(text)") }
            #expect(!text.contains("BEGIN"), "\(text)")
        }
        #expect(!problems(["HERALD_DKIM_DOMAIN": "example.com", "HERALD_DKIM_SELECTOR": "a", "HERALD_DKIM_KEY_FILE": shortFile])
            .contains(String(short.split(separator: "\n")[1].prefix(16))))
    }
}
