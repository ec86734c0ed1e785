import Template

/// The checks across locales (README "Locales"): every key in every catalog, no key that no
/// template includes and Herald does not compute, no template including a key a catalog lacks, and
/// each text showing the same values and inline pieces as the default locale's.
struct LocaleConsistency {
    let catalogs: LocaleCatalogs
    let library: TemplateLibrary

    func problems() -> [String] {
        let catalogList = catalogs.languages.compactMap { catalogs[$0] }
        guard let reference = catalogs[.en] else { return [] }
        var problems: [String] = []
        let allKeys = Set(catalogList.flatMap(\.words.keys))
        let included = includedKeys()
        for catalog in catalogList {
            for key in allKeys.subtracting(catalog.words.keys).sorted() {
                let holders = catalogList.filter { $0.words[key] != nil }.map { $0.language.rawValue + ".json" }
                problems.append("\(catalog.path): words.\(key): missing (\(holders.joined(separator: ", ")) \(holders.count == 1 ? "has" : "have") it)")
            }
            for key in catalog.words.keys.sorted() where Phrasebook.computedWords[key] == nil && included[key] == nil {
                problems.append("\(catalog.path): words.\(key): not used by any template")
            }
            for (key, template) in included.sorted(by: { $0.key < $1.key }) where catalog.words[key] == nil && !allKeys.contains(key) {
                problems.append("\(catalog.path): words.\(key): missing (included by \(template))")
            }
            guard catalog.language != reference.language else { continue }
            for key in catalog.words.keys.sorted() where Phrasebook.computedWords[key] == nil {
                guard case .text(let text)? = catalog.words[key], case .text(let referenceText)? = reference.words[key] else { continue }
                let names = Self.placeholders(text), referenceNames = Self.placeholders(referenceText)
                guard names != referenceNames else { continue }
                var detail: [String] = []
                let missing = referenceNames.subtracting(names).sorted(), extra = names.subtracting(referenceNames).sorted()
                if !missing.isEmpty { detail.append("lacks \(missing.joined(separator: " "))") }
                if !extra.isEmpty { detail.append("has \(extra.joined(separator: " ")) which \(reference.language.rawValue).json does not") }
                problems.append("\(catalog.path): words.\(key): placeholders differ from \(reference.language.rawValue).json: \(detail.joined(separator: "; "))")
            }
        }
        return problems
    }

    /// Every word key a shared template includes (`{{>t/key}}`), with one template that does.
    private func includedKeys() -> [String: String] {
        var keys: [String: String] = [:]
        for name in library.templateNames {
            guard let template = library[name] else { continue }
            for referenced in template.referencedTemplateNames {
                guard let key = WordTemplate.key(ofTemplateNamed: referenced), keys[key] == nil else { continue }
                keys[key] = template.path ?? name
            }
        }
        return keys
    }

    /// The values and inline pieces a text shows (`{{amount}}`, `{{>supportEmail}}`), whitespace removed.
    /// Sections are grammar and may differ between languages (French agrees with `{{#amountPlural.one}}`).
    static func placeholders(_ text: String) -> Set<String> {
        var tags = Set<String>()
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            let tag = rest[open.upperBound..<close.lowerBound].filter { $0 != " " }
            if let first = tag.first, !"#^/!=".contains(first) { tags.insert("{{" + tag + "}}") }
            rest = rest[close.upperBound...]
        }
        return tags
    }
}
