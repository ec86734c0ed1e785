import Foundation
import Template
import Testing

/// A type with a hand-written `encode(to:)` using nested containers, as some callers' types do.
private struct Shipment: Encodable {
    let id: Int
    let lines: [String]

    enum CodingKeys: String, CodingKey { case id, meta, lines }
    enum MetaKeys: String, CodingKey { case label, tags }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        var meta = container.nestedContainer(keyedBy: MetaKeys.self, forKey: .meta)
        try meta.encode("box #\(id)", forKey: .label)
        var tags = meta.nestedUnkeyedContainer(forKey: .tags)
        try tags.encode("fragile")
        try tags.encode(true)
        var list = container.nestedUnkeyedContainer(forKey: .lines)
        for line in lines {
            var item = list.nestedContainer(keyedBy: MetaKeys.self)
            try item.encode(line, forKey: .label)
        }
    }
}

@Suite("Value model")
struct ValueModelTests {
    @Test func nestedContainersEncode() throws {
        let template = try CompiledTemplate(source: "{{id}} {{meta.label}} {{#meta.tags}}[{{.}}]{{/meta.tags}} {{#lines}}<{{label}}>{{/lines}}")
        let text = try template.render(Shipment(id: 7, lines: ["a", "b"]), options: RenderOptions(contentType: .text, mode: .strict))
        #expect(text == "7 box #7 [fragile][true] <a><b>")
    }

    @Test func largeObjectsAndRepeatedKeys() throws {
        var fields: [String: TemplateValue] = [:]
        for index in 0..<100 { fields["field\(index)"] = .int(index) }
        let large = TemplateValue.object(TemplateObject(fields))
        let template = try CompiledTemplate(source: "{{field0}},{{field57}},{{field99}}")
        #expect(try template.render(large, options: RenderOptions(mode: .strict)) == "0,57,99")

        var object = TemplateObject(keys: ["a", "b", "a"], values: [1, 2, 3])
        #expect(object.count == 2)
        #expect(try CompiledTemplate(source: "{{a}}{{b}}").render(.object(object)) == "32")
        object["b"] = nil
        object["c"] = "x"
        #expect(object.keys == ["a", "c"])
        #expect(try CompiledTemplate(source: "{{a}}{{b}}{{c}}").render(.object(object)) == "3x")
    }

    @Test func dictionariesAndOptionalsOfTypedValues() throws {
        struct Wrapper: Encodable {
            let names: [String: String]
            let maybe: [Int]?
            let none: [Int]?
        }
        let template = try CompiledTemplate(source: "{{names.fr}} {{#maybe}}{{.}}{{/maybe}} {{^none}}none{{/none}}")
        let text = try template.render(Wrapper(names: ["fr": "Bonjour"], maybe: [1, 2], none: nil), options: RenderOptions(mode: .strict))
        #expect(text == "Bonjour 12 none")
    }

    @Test func jsonDataWithLocatedSyntaxErrors() throws {
        let value = try TemplateValue(json: Array(#"{"a": [1, 2.5, true, null, "x"]}"#.utf8).withUnsafeBufferPointer { Data($0) }, source: "d.json")
        #expect(try CompiledTemplate(source: "{{#a}}{{.}};{{/a}}").render(value) == "1;2.5;true;;x;")
        #expect(throws: TemplateError.self) { try TemplateValue(json: Data("{\n  \"a\": tru }".utf8), source: "d.json") }
        do {
            _ = try TemplateValue(json: Data("{\n  \"a\": tru }".utf8), source: "d.json")
        } catch {
            #expect(error.description.hasPrefix("d.json:2:") && error.description.contains("invalid JSON"))
        }
    }
}
