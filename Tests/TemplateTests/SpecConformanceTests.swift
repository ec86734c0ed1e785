import Foundation
import Template
import Testing

/// The official Mustache spec, run case by case (the JSON files are copied, with their license,
/// into Fixtures/mustache-spec). Every file but the optional `~lambdas` must pass whole.
struct SpecCase: Sendable, CustomTestStringConvertible {
    let file: String
    let name: String
    let template: String
    let data: TemplateValue
    let partials: [String: String]
    let expected: String

    var testDescription: String { "\(file): \(name)" }

    static let files = [
        "comments", "delimiters", "interpolation", "inverted", "partials", "sections", "~inheritance", "~dynamic-names",
    ]

    static let all: [SpecCase] = files.flatMap { load($0) }

    private struct SpecFile: Decodable {
        struct Test: Decodable {
            let name: String
            let template: String
            let data: TemplateValue
            let partials: [String: String]?
            let expected: String
        }
        let tests: [Test]
    }

    private static func load(_ file: String) -> [SpecCase] {
        guard let url = Bundle.module.url(forResource: "Fixtures/mustache-spec/\(file)", withExtension: "json"),
            let data = try? Data(contentsOf: url),
            let spec = try? JSONDecoder().decode(SpecFile.self, from: data)
        else { return [] }
        return spec.tests.map {
            SpecCase(file: file, name: $0.name, template: $0.template, data: $0.data, partials: $0.partials ?? [:], expected: $0.expected)
        }
    }
}

@Suite("Mustache spec conformance")
struct SpecConformanceTests {
    @Test("every required spec file is present and complete")
    func specIsComplete() {
        // 184 cases across the eight required files (spec commit 9cb20c3).
        #expect(SpecCase.all.count == 184)
        for file in SpecCase.files {
            #expect(SpecCase.all.contains { $0.file == file }, "\(file).json did not load")
        }
    }

    @Test(arguments: SpecCase.all)
    func specCase(_ specCase: SpecCase) throws {
        var library = TemplateLibrary()
        for (name, source) in specCase.partials {
            library.register(try CompiledTemplate(source: source, name: name))
        }
        let template = try CompiledTemplate(source: specCase.template, name: "spec")
        let rendered = try template.render(specCase.data, library: library)
        #expect(rendered == specCase.expected)
    }
}
