import Foundation
import Herald
import Template

/// `herald template render FILE --data DATA.json [--partials DIR] [--strict] [--text]` and
/// `herald template names FILE [--partials DIR]`: the engine on its own, for template authors.
enum TemplateCommand: HeraldCommand {
    static let name = "template"
    static let summary = "render any Mustache template with JSON data, or list the names it uses"

    static let usage = """
        herald template render FILE --data DATA.json [--partials DIR] [--strict] [--text]
               herald template names FILE [--partials DIR]
        """
    static let options: [CommandOption] = [
        .value("data", "FILE", "the JSON data to render (render: required)"),
        .value("partials", "DIR", "where {{> name}} partials are looked up", default: "the template's own folder"),
        .toggle("strict", "a missing name is an error with file:line:col (default: Mustache's blank)"),
        .toggle("text", "render as text: no HTML escaping"),
    ]

    static func run(_ parsed: Arguments, configuration: HeraldConfiguration) throws -> Int32 {
        guard parsed.positionals.count == 2 else { throw ArgumentError.unexpected("usage: " + usage) }
        let file = parsed.positionals[1]
        switch parsed.positionals[0] {
        case "render":
            let data = try TemplateValue(contentsOfJSONFile: try parsed.required("data"))
            let (template, library) = try TemplateLibrary.loading(file: file, partialsDirectory: parsed.value("partials"))
            let options = RenderOptions(
                contentType: parsed.has("text") ? .text : .html, mode: parsed.has("strict") ? .strict : .spec)
            var output: [UInt8] = []
            try template.render(data, into: &output, library: library, options: options)
            FileHandle.standardOutput.write(Data(output))
        case "names":
            let (template, library) = try TemplateLibrary.loading(file: file, partialsDirectory: parsed.value("partials"))
            for use in try library.names(usedBy: template.name) {
                Console.output(use.description + "\n")
            }
        default:
            throw ArgumentError.unexpected("usage: " + usage)
        }
        return 0
    }

    /// The engine's errors start with the template's `file:line:col`, as a compiler's do: printed as they are.
    static func exitStatus(reporting error: any Error) -> Int32 {
        guard error is ArgumentError else {
            Console.error("\(error)")
            return 1
        }
        return reportFailure(error, otherwise: 1)
    }
}
