import Foundation
import Template

/// What `herald check` verifies, as a library so CI and tests run the same code:
/// every template parses; every message has subject, HTML and text; every locale's catalog reads,
/// has every key the others have and no key nothing uses, and each text uses the same placeholders
/// in every locale; every preview decodes and renders in strict mode in every locale; every name a
/// template or a catalog text uses exists in the view schema of its message; every required context
/// field is used by the HTML or the text part.
package struct CatalogCheck: Sendable {
    package let templatesDirectory: URL
    package let previewsDirectory: URL

    package init(templatesDirectory: URL, previewsDirectory: URL) {
        self.templatesDirectory = templatesDirectory
        self.previewsDirectory = previewsDirectory
    }

    /// Every problem found, each starting with `file:line:col:` or `file: words.key:` when it has a
    /// place; empty when all is well.
    package func run() -> [String] {
        var problems: [String] = []
        let (library, parseErrors) = TemplateLibrary.load(directory: templatesDirectory)
        problems += parseErrors.map(\.description)
        let (catalogs, catalogProblems) = LocaleCatalogs.load(directory: LocaleCatalogs.directory(in: templatesDirectory))
        problems += catalogProblems
        problems += catalogs.languages.compactMap { catalogs[$0] }.flatMap(Phrasebook.problems(in:))
        problems += LocaleConsistency(catalogs: catalogs, library: library).problems()
        let renderer = MessageRenderer(library: library, catalogs: catalogs)
        for kind in MessageKind.allCases {
            for part in MessagePart.allCases {
                let name = MessageRenderer.templateName(kind, part)
                guard library[name] != nil else {
                    problems.append("\(templatesDirectory.path)/\(name).mustache:1:1: missing: \(kind.rawValue) needs a \(part.rawValue) template")
                    continue
                }
                for language in renderer.languages {
                    guard let words = renderer.library(for: language, part == .html ? .html : .text) else { continue }
                    problems += nameProblems(kind, name, words)
                }
            }
            for language in renderer.languages {
                problems += usageProblems(kind, language, renderer)
            }
        }
        problems += previewProblems(renderer)
        var seen = Set<String>()
        return problems.filter { seen.insert($0).inserted }
    }

    /// Names the template (or a catalog text it includes) uses that its message's view schema does not have.
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

    /// Required context fields that neither the HTML nor the text part mentions in a locale.
    private func usageProblems(_ kind: MessageKind, _ language: TemplateLanguage, _ renderer: MessageRenderer) -> [String] {
        var used: Set<String> = []
        for part in [MessagePart.html, .text] {
            let name = MessageRenderer.templateName(kind, part)
            // A template that cannot be analysed is already reported by `nameProblems`.
            guard let library = renderer.library(for: language, part == .html ? .html : .text), library[name] != nil,
                  let uses = try? library.names(usedBy: name)
            else { continue }
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
            "\(templatesDirectory.path)/\(MessageRenderer.templateName(kind, .html)).mustache:1:1: required field '\(field.name)' of \(kind.rawValue) is used by neither the HTML nor the text template (\(language.rawValue))"
        }
    }

    private func previewProblems(_ renderer: MessageRenderer) -> [String] {
        let (samples, loadProblems) = PreviewSample.load(directory: previewsDirectory)
        var problems = loadProblems
        var variantsByKind: [MessageKind: Int] = [:]
        for sample in samples {
            variantsByKind[sample.kind, default: 0] += 1
            if let attachments = sample.attachments {
                let path = String(sample.path.dropLast(5)) + PreviewSample.attachmentsSuffix
                problems += AttachmentReader.attachments(attachments).1.problems.map { "\(path):1:1: \($0.path): \($0.problem)" }
            }
        }
        problems += renderer.renderPreviews(samples).problems
        for kind in MessageKind.allCases where variantsByKind[kind, default: 0] < 3 {
            problems.append("\(previewsDirectory.path)/\(kind.rawValue):1:1: needs at least 3 preview variants, has \(variantsByKind[kind, default: 0])")
        }
        return problems
    }
}
