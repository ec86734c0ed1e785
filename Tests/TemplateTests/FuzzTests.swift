import Template
import TestSupport
import Testing

/// Thousands of random and mutated templates: compiling and rendering them must only ever
/// succeed or throw a ``TemplateError``, never crash or hang.
@Suite("Fuzzing the parser and renderer")
struct FuzzTests {
    private static let fragments = [
        "{{", "}}", "{{{", "}}}", "{{#a}}", "{{/a}}", "{{^b}}", "{{/b}}", "{{>p}}", "{{<p}}", "{{/p}}", "{{$k}}", "{{/k}}",
        "{{=<% %>=}}", "<%", "%>", "<%={{ }}=%>", "{{!c}}", "{{&a}}", "{{.}}", "{{a.b}}", "{{>*d}}", "\n", "\r\n", "  ", "\t",
        "text", "é", "—", "\u{0}", "{", "}", "=", "#", "/", "{{ a }}", "{{#a.b}}", "{{/a.b}}", "<", "&",
    ]

    private static let data: TemplateValue = [
        "a": ["b": "x", "c": [1, 2]], "b": false, "d": "p", "k": "<k>", "list": [["a": 1], ["a": 2]],
    ]

    private static let library: TemplateLibrary = {
        var library = TemplateLibrary()
        if let partial = try? CompiledTemplate(source: "[{{a.b}}{{$k}}dflt{{/k}}{{>p}}]", name: "p") {
            library.register(partial)
        }
        return library
    }()

    @Test(arguments: [RenderOptions.Mode.spec, .strict])
    func randomFragmentTemplatesNeverCrash(mode: RenderOptions.Mode) {
        var random = SplitMix64(seed: mode == .spec ? 1 : 2)
        var compiled = 0
        for _ in 0..<3_000 {
            let count = Int.random(in: 1...24, using: &random)
            let source = (0..<count).map { _ in Self.fragments.randomElement(using: &random)! }.joined()
            exercise(source, mode: mode, compiled: &compiled)
        }
        #expect(compiled > 100, "the generator should also produce valid templates")
    }

    @Test func mutatedValidTemplatesNeverCrash() {
        var random = SplitMix64(seed: 3)
        let seeds = [
            "{{<p}}{{$k}}\n  x {{a.b}}\n{{/k}}{{/p}}", "{{#list}}\n  {{a}}\n{{/list}}", "a\n  {{>p}}\nb", "{{=| |=}}|#a||b||/a|",
        ]
        var compiled = 0
        for _ in 0..<3_000 {
            var bytes = Array(seeds.randomElement(using: &random)!.utf8)
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let position = Int.random(in: 0...bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0 where position < bytes.count: bytes.remove(at: position)
                case 1: bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
                default: bytes.insert(contentsOf: Array("{{".utf8), at: position)
                }
            }
            exercise(String(decoding: bytes, as: UTF8.self), mode: .spec, compiled: &compiled)
        }
        #expect(compiled > 100)
    }

    private func exercise(_ source: String, mode: RenderOptions.Mode, compiled: inout Int) {
        guard let template = try? CompiledTemplate(source: source, name: "fuzz") else { return }
        compiled += 1
        _ = try? template.render(Self.data, library: Self.library, options: RenderOptions(mode: mode, maximumDepth: 16))
        _ = try? Self.libraryWith(template).names(usedBy: "fuzz")
    }

    private static func libraryWith(_ template: CompiledTemplate) -> TemplateLibrary {
        var library = Self.library
        library.register(template)
        return library
    }
}
