import Foundation
import Template

/// `herald template render FILE --data DATA.json [--partials DIR] [--strict] [--text]` and
/// `herald template names FILE [--partials DIR]`: the engine on its own, for template authors.
enum TemplateCommand: HeraldCommand {
    static let name = "template"
    static let summary = "render any Mustache template with JSON data, or list the names it uses"

    static let usage = """
        usage: herald template render FILE --data DATA.json [--partials DIR] [--strict] [--text]
               herald template names FILE [--partials DIR]
        """

    static func run(_ arguments: [String]) -> Int32 {
        do {
            let parsed = try Arguments(arguments, valued: ["data", "partials"], switches: ["strict", "text"])
            guard parsed.positionals.count == 2 else { throw ArgumentError.unexpected(usage) }
            let file = parsed.positionals[1]
            switch parsed.positionals[0] {
            case "render":
                let data = try loadData(try parsed.required("data"))
                let (template, library) = try loadTemplate(file, partials: parsed.value("partials"))
                let options = RenderOptions(
                    contentType: parsed.has("text") ? .text : .html, mode: parsed.has("strict") ? .strict : .spec)
                var output: [UInt8] = []
                try template.render(data, into: &output, library: library, options: options)
                FileHandle.standardOutput.write(Data(output))
            case "names":
                let (template, library) = try loadTemplate(file, partials: parsed.value("partials"))
                for use in try library.names(usedBy: template.name) {
                    Console.output(use.description + "\n")
                }
            default:
                throw ArgumentError.unexpected(usage)
            }
            return 0
        } catch let error as ArgumentError {
            Console.error("herald template: \(error)")
            return 64
        } catch {
            Console.error("\(error)")
            return 1
        }
    }

    /// Compiles FILE and every template it reaches by name from the partials folder (its own
    /// folder by default): `{{>foo}}` and `{{<dir/foo}}` are `DIR/foo.mustache` and `DIR/dir/foo.mustache`.
    /// Templates that pick names from the data (`{{>*name}}`) get the whole folder.
    private static func loadTemplate(_ file: String, partials: String?) throws -> (Template, TemplateLibrary) {
        let folder = partials ?? (file as NSString).deletingLastPathComponent
        func path(of name: String) -> String { folder.isEmpty ? name + ".mustache" : folder + "/" + name + ".mustache" }
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let template = try Template(contentsOfFile: file, name: name)
        var library = TemplateLibrary([template])
        var pending = Array(template.referencedTemplateNames)
        var dynamic = template.usesDynamicNames
        while let next = pending.popLast() {
            guard library[next] == nil else { continue }
            guard FileManager.default.fileExists(atPath: path(of: next)) else { continue }
            let partial = try Template(contentsOfFile: path(of: next), name: next)
            library.register(partial)
            pending.append(contentsOf: partial.referencedTemplateNames)
            dynamic = dynamic || partial.usesDynamicNames
        }
        if dynamic {
            let everything = try TemplateLibrary(directory: URL(fileURLWithPath: folder.isEmpty ? "." : folder))
            for other in everything.templateNames where library[other] == nil {
                library.register(try Template(contentsOfFile: path(of: other), name: other))
            }
        }
        return (template, library)
    }

    private static func loadData(_ path: String) throws -> TemplateValue {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TemplateCommandError.unreadableData(path: path, detail: error.localizedDescription)
        }
        do {
            return try JSONDecoder().decode(TemplateValue.self, from: data)
        } catch {
            throw TemplateCommandError.invalidData(path: path, problem: JSONSyntaxProblem(data) ?? JSONSyntaxProblem(reason: "\(error)"))
        }
    }
}

enum TemplateCommandError: Error, CustomStringConvertible {
    case unreadableData(path: String, detail: String)
    case invalidData(path: String, problem: JSONSyntaxProblem)

    var description: String {
        switch self {
        case .unreadableData(let path, let detail): "\(path): cannot read: \(detail)"
        case .invalidData(let path, let problem): "\(path):\(problem.location.map { "\($0.line):\($0.column):" } ?? "") invalid JSON: \(problem.reason)"
        }
    }
}

/// Where and why a JSON document does not parse, which `JSONDecoder` alone does not say.
struct JSONSyntaxProblem: Sendable {
    let location: (line: Int, column: Int)?
    let reason: String

    init(reason: String) {
        location = nil
        self.reason = reason
    }

    /// `nil` when the data is syntactically valid JSON.
    init?(_ data: Data) {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            guard let range = detail.range(of: " around character "),
                let offset = Int(detail[range.upperBound...].prefix { $0.isNumber }), offset <= data.count
            else {
                location = nil
                reason = detail
                return
            }
            let prefix = data.prefix(offset)
            let line = prefix.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            let lineStart = prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            location = (line, offset - lineStart + 1)
            reason = String(detail[..<range.lowerBound])
        }
    }
}
