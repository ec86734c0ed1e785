import Foundation
import Testing

/// `herald send` reads its `--context` file with the same strict JSON reader as the HTTP API
/// (it used to go through `JSONSerialization`, which took duplicates, UTF-16 and `2.0` for 2).
extension SendCommandTests {
    /// The installment-paid sample with `edit` applied to its text, written as `bytes(text)`.
    func contextFile(in directory: String, named name: String, edit: (String) -> String, bytes: (String) -> Data = { Data($0.utf8) }) throws -> String {
        let text = try String(contentsOfFile: Self.sample, encoding: .utf8)
        let path = directory + "/" + name
        try bytes(edit(text)).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a --context file is read like an API body: duplicates, UTF-16, a BOM and 1.5 for an integer are refused (exit 65); 1.0 is an integer")
    func contextFileIsReadStrictly() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let environment = ["HERALD_STORE": directory + "/herald.db", "HERALD_OUTBOX": directory + "/outbox.jsonl"]
        func send(_ path: String) throws -> Run {
            try herald(["send", "installment-paid", "--to", "zoe@example.com", "--context", path], environment: environment)
        }
        let firstBrace: (String) -> String = { $0.replacingOccurrences(of: "{", with: "{\n  \"productTitle\": \"Other\",", options: [], range: $0.range(of: "{")) }

        let duplicate = try send(try contextFile(in: directory, named: "duplicate.json", edit: firstBrace))
        #expect(duplicate.status == 65, "\(duplicate.errors)")
        let line = try #require(try String(contentsOfFile: Self.sample, encoding: .utf8).components(separatedBy: "\n")
            .firstIndex { $0.hasPrefix(#"  "productTitle""#) }) + 2
        #expect(duplicate.errors.contains(#"duplicate.json:\#(line):3: invalid JSON: duplicate member "productTitle" (context.productTitle)"#), "\(duplicate.errors)")

        let utf16 = try send(try contextFile(in: directory, named: "utf16.json", edit: { $0 }, bytes: { Data([0xFF, 0xFE] + $0.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }) }))
        #expect(utf16.status == 65, "\(utf16.errors)")
        #expect(utf16.errors.contains("not UTF-8"), "\(utf16.errors)")

        let bom = try send(try contextFile(in: directory, named: "bom.json", edit: { $0 }, bytes: { Data([0xEF, 0xBB, 0xBF] + Array($0.utf8)) }))
        #expect(bom.status == 65, "\(bom.errors)")
        #expect(bom.errors.contains("byte order mark"), "\(bom.errors)")

        let fractional = try send(try contextFile(in: directory, named: "fractional.json", edit: {
            $0.replacingOccurrences(of: #""installmentNumber": 1"#, with: #""installmentNumber": 1.5"#)
        }))
        #expect(fractional.status == 65, "\(fractional.errors)")
        #expect(fractional.errors.contains("context.installmentNumber: expected an integer, got a number"), "\(fractional.errors)")

        // JSON Schema counts 1.0 as an integer, and so does the published contract (README "API contract").
        let whole = try send(try contextFile(in: directory, named: "whole.json", edit: {
            $0.replacingOccurrences(of: #""installmentNumber": 1"#, with: #""installmentNumber": 1.0"#)
        }))
        #expect(whole.status == 0, "\(whole.errors)")

        let unchanged = try send(try contextFile(in: directory, named: "unchanged.json", edit: { $0 }))
        #expect(unchanged.status == 0, "\(unchanged.errors)")
    }

    @Test("a --to display name over 200 bytes is refused (exit 64), like the API's to[].name")
    func longDisplayNameInTo() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let environment = ["HERALD_STORE": directory + "/herald.db", "HERALD_OUTBOX": directory + "/outbox.jsonl"]
        let name = String(repeating: "é", count: 101)
        let run = try herald(["send", "installment-paid", "--to", "\"\(name)\" <zoe@example.com>", "--context", Self.sample], environment: environment)
        #expect(run.status == 64, "\(run.errors)")
        #expect(run.errors.contains("the display name is longer than 200 bytes of UTF-8"), "\(run.errors)")
    }
}
