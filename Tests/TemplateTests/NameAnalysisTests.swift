import Template
import Testing

@Suite("Static analysis lists every name a template uses")
struct NameAnalysisTests {
    @Test func namesThroughParentsBlocksAndPartials() throws {
        var library = TemplateLibrary()
        library.register(try CompiledTemplate(source: "<title>{{$title}}{{brand.name}}{{/title}}</title>\n{{$body}}{{/body}}\n{{>footer}}", name: "layout"))
        library.register(try CompiledTemplate(source: "{{support}}", name: "footer"))
        library.register(try CompiledTemplate(source: "{{number}}: {{amount.formatted}}", name: "row"))
        library.register(try CompiledTemplate(source: """
            {{<layout}}
            {{$body}}
            Hi {{customerName}}
            {{#schedule}}
              {{>row}}
            {{/schedule}}
            {{^paid}}{{.}}{{/paid}}
            {{/body}}
            {{/layout}}
            """, name: "mail"))

        let uses = try library.names(usedBy: "mail")
        let summary = uses.map { "\($0.position.template):\($0.position.line):\($0.position.column) \($0.name) \($0.sections)" }
        #expect(summary == [
            "layout:1:18 brand.name []",
            "mail:3:4 customerName []",
            "mail:4:1 schedule []",
            "row:1:1 number [\"schedule\"]",
            "row:1:13 amount.formatted [\"schedule\"]",
            "mail:7:1 paid []",
            "mail:7:10 . [\"paid\"]",
            "footer:1:1 support []",
        ])
        #expect(uses.first { $0.name == "schedule" }?.kind == .section)
        #expect(uses.first { $0.name == "paid" }?.kind == .invertedSection)
    }

    @Test func recursivePartialsAreWalkedOnce() throws {
        var library = TemplateLibrary()
        library.register(try CompiledTemplate(source: "{{content}}{{#nodes}}{{>node}}{{/nodes}}", name: "node"))
        let uses = try library.names(usedBy: "node")
        #expect(uses.map(\.name) == ["content", "nodes"])
    }

    @Test func missingPartialIsReported() throws {
        var library = TemplateLibrary()
        library.register(try CompiledTemplate(source: "x\n {{>nope}}", name: "main"))
        #expect(throws: TemplateError.self) { try library.names(usedBy: "main") }
    }

    @Test func dynamicNamesAreListed() throws {
        var library = TemplateLibrary()
        library.register(try CompiledTemplate(source: "{{>*which}}", name: "main"))
        let uses = try library.names(usedBy: "main")
        #expect(uses.map(\.kind) == [.dynamicName])
    }
}
