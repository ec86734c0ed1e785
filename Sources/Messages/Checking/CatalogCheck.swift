import Foundation
import Template

/// What `herald check` verifies, as a library so CI and tests run the same code:
/// every template parses; every message has subject, HTML and text in every locale; every preview
/// decodes and renders in strict mode in every locale; every name a template uses exists in the view
/// schema of its message; every required context field is used by the HTML or the text part.
public struct CatalogCheck: Sendable {
    public let templatesDirectory: URL
    public let previewsDirectory: URL

    public init(templatesDirectory: URL, previewsDirectory: URL) {
        self.templatesDirectory = templatesDirectory
        self.previewsDirectory = previewsDirectory
    }

    /// Every problem found, each starting with `file:line:col:` when it has a place; empty when all is well.
    public func run() -> [String] {
        var problems: [String] = []
        let (library, parseErrors) = TemplateLibrary.load(directory: templatesDirectory)
        problems += parseErrors.map(\.description)
        for kind in MessageKind.allCases {
            for language in TemplateLanguage.allCases {
                for part in MessagePart.allCases {
                    let name = MessageRenderer.templateName(kind, language, part)
                    guard library[name] != nil else {
                        problems.append("\(templatesDirectory.path)/\(name).mustache:1:1: missing: \(kind.rawValue) needs a \(part.rawValue) template for \(language.rawValue)")
                        continue
                    }
                    problems += nameProblems(kind, name, library)
                }
                problems += usageProblems(kind, language, library)
            }
        }
        problems += previewProblems(library)
        return problems
    }

    /// Names the template uses that its message's view schema does not have.
    private func nameProblems(_ kind: MessageKind, _ templateName: String, _ library: TemplateLibrary) -> [String] {
        let uses: [NameUse]
        do {
            uses = try library.names(usedBy: templateName)
        } catch {
            return [error.description]
        }
        let resolver = SchemaNameResolver(root: kind.contextType.viewSchema)
        return uses.compactMap { use in
            guard use.kind != .dynamicName, !resolver.resolves(use.name, inSections: use.sections) else { return nil }
            return "\(use.position): '\(use.name)' is not a field of \(kind.rawValue) (rendered from \(templateName))"
        }
    }

    /// Required context fields that neither the HTML nor the text part of a locale mentions.
    private func usageProblems(_ kind: MessageKind, _ language: TemplateLanguage, _ library: TemplateLibrary) -> [String] {
        var used: Set<String> = []
        for part in [MessagePart.html, .text] {
            let name = MessageRenderer.templateName(kind, language, part)
            // A template that cannot be analysed is already reported by `nameProblems`.
            guard library[name] != nil, let uses = try? library.names(usedBy: name) else { continue }
            for use in uses {
                used.insert(String(use.name.split(separator: ".").first ?? ""))
                used.formUnion(use.sections)
            }
        }
        let shownThrough = kind.contextType.fieldsShownThrough
        let unused = kind.schema.fields.filter { field in
            field.isRequired && !used.contains(field.name) && !(shownThrough[field.name] ?? []).contains(where: used.contains)
        }
        return unused.map { field in
            "\(templatesDirectory.path)/\(MessageRenderer.templateName(kind, language, .html)).mustache:1:1: required field '\(field.name)' of \(kind.rawValue) is used by neither the HTML nor the text template (\(language.rawValue))"
        }
    }

    private func previewProblems(_ library: TemplateLibrary) -> [String] {
        let (samples, loadProblems) = PreviewSample.load(directory: previewsDirectory)
        var problems = loadProblems
        var variantsByKind: [MessageKind: Int] = [:]
        let renderer = MessageRenderer(library: library)
        for sample in samples {
            variantsByKind[sample.kind, default: 0] += 1
            for language in TemplateLanguage.allCases {
                do {
                    _ = try renderer.render(sample.kind, context: sample.context, locale: language.rawValue, now: PreviewSample.referenceTime)
                } catch {
                    let detail: String = switch error {
                    case .invalidFields(let fields): fields.problems.map(\.description).joined(separator: "; ")
                    default: error.description
                    }
                    problems.append("\(sample.path):1:1: does not render in \(language.rawValue): \(detail)")
                }
            }
        }
        for kind in MessageKind.allCases where variantsByKind[kind, default: 0] < 3 {
            problems.append("\(previewsDirectory.path)/\(kind.rawValue):1:1: needs at least 3 preview variants, has \(variantsByKind[kind, default: 0])")
        }
        return problems
    }
}
