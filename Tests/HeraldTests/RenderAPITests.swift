import Foundation
import HeraldTesting
import Testing

/// `POST /v1/render` and `GET /v1/templates` through the in-process service.
@Suite struct RenderAPITests {
    @Test func renderAndTemplates() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald
        let rendered = try client.post("/v1/render", try SendRequests.body("installment-paid", to: "r@example.com", locale: "fr"))
        #expect(rendered.status == 200)
        let json = try #require(rendered.json)
        #expect((json["subject"] as? String)?.contains("200,00") == true)
        #expect((json["html"] as? String)?.contains("lang=\"fr\"") == true)
        #expect((json["text"] as? String)?.isEmpty == false)
        #expect((json["eml"] as? String)?.contains("To: ") == true)

        let templates = try client.get("/v1/templates")
        #expect(templates.status == 200)
        let messages = try #require(templates.json?["messages"] as? [[String: Any]])
        #expect(messages.compactMap { $0["name"] as? String }.sorted() == SendRequests.kinds.sorted())
        let paid = try #require(messages.first { $0["name"] as? String == "installment-paid" })
        #expect(paid["locales"] as? [String] == ["de", "en", "fr"], "every language with a catalog in Templates/_locales")
        let fields = try #require(paid["context"] as? [[String: Any]])
        let card = try #require(fields.first { $0["name"] as? String == "cardLast4" })
        #expect(card["required"] as? Bool == false)
        let schedule = try #require(fields.first { $0["name"] as? String == "schedule" })
        #expect(schedule["type"] as? String == "list")
        #expect((schedule["fields"] as? [[String: Any]])?.isEmpty == false)
    }

    /// Deeply nested JSON is a 400, not a crashed worker; the server keeps answering.
    @Test func deeplyNestedJSONIsRejected() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald
        for depth in [400, 100_000] {
            let body = "{\"message\":\"all-paid\",\"to\":[{\"email\":\"a@example.com\"}],\"context\":{\"schedule\":"
                + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}}"
            let response = try client.post("/v1/render", body)
            #expect(response.status == 400)
            #expect(response.errorCode == "invalid_json")
        }
        #expect(try client.get("/healthz").status == 200)
    }
}
