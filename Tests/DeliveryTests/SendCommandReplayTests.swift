import Foundation
import Testing

/// `herald send` answers a keyed retry the way the API does (README "Spool semantics"): from the spool,
/// before the request is validated or rendered again.
extension SendCommandTests {
    @Test("a keyed retry is answered from the spool even once the request would no longer render")
    func keyedReplayIsAnsweredBeforeRendering() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let templates = directory + "/Templates"
        try FileManager.default.copyItem(atPath: Self.repository.appendingPathComponent("Templates").path, toPath: templates)
        let environment = ["HERALD_STORE": directory + "/herald.db", "HERALD_OUTBOX": directory + "/outbox.jsonl"]
        let base = ["send", "installment-paid", "--to", "Zoë O'Brien <zoe@example.com>", "--locale", "fr", "--context", Self.sample, "--templates", templates]

        let first = try herald(base + ["--key", "order-9/paid"], environment: environment)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.json["disposition"] as? String == "created")
        let id = try #require(first.json["id"] as? String)

        // A name the view does not have: the templates still load, and every render now fails (strict mode).
        let subject = templates + "/installment-paid/subject.mustache"
        try (try String(contentsOfFile: subject, encoding: .utf8) + "{{noSuchName}}").write(toFile: subject, atomically: true, encoding: .utf8)
        let rendered = try herald(base, environment: environment)
        #expect(rendered.status == 70, "a request that is rendered fails: \(rendered.errors)")
        #expect(rendered.errors.contains("noSuchName"), "\(rendered.errors)")

        let retry = try herald(base + ["--key", "order-9/paid"], environment: environment)
        #expect(retry.status == 0, "\(retry.errors)")
        #expect(retry.json["disposition"] as? String == "replayed")
        #expect(retry.json["id"] as? String == id)
    }
}
