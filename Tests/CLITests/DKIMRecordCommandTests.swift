import Foundation
import TestSupport
import Testing

/// `herald dkim-record` prints what the operator publishes in DNS, the same public key openssl derives.
@Suite struct DKIMRecordCommandTests {
    @Test func printsOneTXTRecordPerSelectorMatchingOpenSSL() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-dkim-record-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try DKIMVerifier.generateKey()
        let second = try DKIMVerifier.generateKey(bits: 4096)
        try Data(first.utf8).write(to: directory.appendingPathComponent("a.pem"))
        try Data(second.utf8).write(to: directory.appendingPathComponent("b.pem"))
        let result = try HeraldBinary.run(["dkim-record"], in: directory, environment: [
            "HERALD_DKIM_DOMAIN": "example.com", "HERALD_DKIM_SELECTOR": "a,b", "HERALD_DKIM_KEY_FILE": "a.pem,b.pem",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        for (line, (selector, pem)) in zip(lines, [("a", first), ("b", second)]) {
            #expect(line.hasPrefix("\(selector)._domainkey.example.com. IN TXT ( \""))
            let joined = line.components(separatedBy: "\"").enumerated().filter { $0.offset % 2 == 1 }.map(\.element).joined()
            #expect(joined == (try DKIMVerifier.publicRecord(ofKey: pem)))
            #expect(line.components(separatedBy: "\"").enumerated().filter { $0.offset % 2 == 1 }.allSatisfy { $0.element.utf8.count <= 255 })
        }
    }

    @Test func withoutAKeyItSaysWhatToSet() throws {
        let result = try HeraldBinary.run(["dkim-record"], environment: [:])
        #expect(result.status == 78)
        #expect(result.stderr.contains("HERALD_DKIM_KEY_FILE"))
    }
}
