import Foundation
import Template

/// The words of one locale, read from `Templates/_locales/<language>.json` (README "Locales"):
/// how it formats numbers and dates, its CLDR plural rules, and every text its messages show.
/// Templates hold the structure once; a locale is only this file.
package struct LocaleCatalog: Sendable {
    package let language: TemplateLanguage
    /// The file it was read from, for messages.
    package let path: String
    /// Numbers and dates when the caller names no region (`fr` → `fr_FR`).
    package let defaultFormattingLocale: Locale
    let cardinalRules: PluralRules
    let ordinalRules: PluralRules
    /// Day-of-month numbers written differently from the plain number (French: 1 → "1er").
    let dayOfMonthNames: [Int: String]
    /// The same as the template engine passes them to `Day` (see `Day.formatted(locale:dayOfMonthName:)`).
    let formattingOverrides: [String: String]
    /// Every entry by its dotted key path (`all-paid.heading`, `state.paid`).
    let words: [String: LocaleWord]
    /// The texts templates include (every word but those Herald computes), compiled for each part.
    let htmlWords: [CompiledTemplate]
    let textWords: [CompiledTemplate]

    private static let topLevelKeys: Set<String> = ["formattingLocale", "pluralRules", "dayOfMonth", "words"]

    /// Reads one catalog; every problem is a line `path: key.path: problem`.
    static func load(_ url: URL) -> Result<LocaleCatalog, LocaleCatalogError> {
        let path = url.path
        let code = url.deletingPathExtension().lastPathComponent
        var problems: [String] = []
        func problem(_ key: String, _ text: String) { problems.append("\(path): \(key): \(text)") }
        guard let language = TemplateLanguage(rawValue: code) else {
            return .failure(LocaleCatalogError(["\(path): the file name must be a language code such as de.json"]))
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            return .failure(LocaleCatalogError(["\(path): cannot read: \(error.localizedDescription)"]))
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: data)
        } catch {
            return .failure(LocaleCatalogError(["\(path):\(error.position.line):\(error.position.column): \(error.detail)"]))
        }
        guard case .object(let members) = json else {
            return .failure(LocaleCatalogError(["\(path): expected a JSON object, got \(json.typeName)"]))
        }
        for key in members.keys.sorted() where !topLevelKeys.contains(key) {
            problem(key, "is not a catalog field (\(topLevelKeys.sorted().joined(separator: ", ")))")
        }

        var formatting = Locale(identifier: code)
        if case .string(let identifier)? = members["formattingLocale"], !identifier.isEmpty {
            formatting = Locale(identifier: identifier)
        } else {
            problem("formattingLocale", "expected a locale identifier such as \"\(code)_\(code.uppercased())\"")
        }

        var ruleSets: [String: PluralRules] = [:]
        let rulesJSON = members["pluralRules"] ?? .null
        for kind in ["cardinal", "ordinal"] {
            var rules: [PluralCategory: PluralRule] = [:]
            guard case .object(let byCategory)? = rulesJSON[kind] else {
                problem("pluralRules.\(kind)", "expected an object of CLDR conditions by category, e.g. {\"one\": \"i = 1 and v = 0\"} ({} when every number is 'other')")
                continue
            }
            for (name, value) in byCategory.sorted(by: { $0.key < $1.key }) {
                let keyPath = "pluralRules.\(kind).\(name)"
                guard let category = PluralCategory(rawValue: name), category != .other else {
                    problem(keyPath, "expected one of zero, one, two, few, many ('other' is what no rule matches)")
                    continue
                }
                guard case .string(let source) = value else { problem(keyPath, "expected a string"); continue }
                do { rules[category] = try PluralRule(parsing: source) } catch { problem(keyPath, error.description) }
            }
            ruleSets[kind] = PluralRules(rules: rules)
        }

        var dayNames: [Int: String] = [:]
        switch members["dayOfMonth"] {
        case nil: break
        case .object(let names)?:
            for (day, value) in names {
                guard let number = Int(day), (1...31).contains(number), case .string(let name) = value, !name.isEmpty else {
                    problem("dayOfMonth.\(day)", "expected a day 1–31 and the text to write for it")
                    continue
                }
                dayNames[number] = name
            }
        case let other?: problem("dayOfMonth", "expected an object such as {\"1\": \"1er\"}, got \(other.typeName)")
        }

        var words: [String: LocaleWord] = [:]
        if case .object(let tree)? = members["words"] {
            flatten(tree, prefix: "", into: &words, problem: { problem("words." + $0, $1) })
        } else {
            problem("words", "expected an object of texts")
        }
        var htmlWords: [CompiledTemplate] = []
        var textWords: [CompiledTemplate] = []
        for (key, word) in words.sorted(by: { $0.key < $1.key }) where Phrasebook.computedWords[key] == nil {
            guard case .text(let text) = word else {
                problem("words.\(key)", "plural forms are only for the words Herald computes from a count (\(Phrasebook.pluralKeys.joined(separator: ", ")))")
                continue
            }
            do {
                htmlWords.append(try WordTemplate.compile(text, key: key, catalogPath: path, for: .html))
                textWords.append(try WordTemplate.compile(text, key: key, catalogPath: path, for: .text))
            } catch {
                problems.append(error.description)
            }
        }
        guard problems.isEmpty else { return .failure(LocaleCatalogError(problems)) }
        return .success(LocaleCatalog(
            language: language, path: path, defaultFormattingLocale: formatting,
            cardinalRules: ruleSets["cardinal"] ?? PluralRules(rules: [:]), ordinalRules: ruleSets["ordinal"] ?? PluralRules(rules: [:]),
            dayOfMonthNames: dayNames,
            formattingOverrides: Dictionary(uniqueKeysWithValues: dayNames.map { (Day.dayOfMonthOverrideKey($0.key), $0.value) }),
            words: words, htmlWords: htmlWords, textWords: textWords))
    }

    /// Nested groups become dotted keys; an object whose keys are all plural categories is one word.
    private static func flatten(_ tree: [String: JSONValue], prefix: String, into words: inout [String: LocaleWord],
                                problem: (String, String) -> Void) {
        for (name, value) in tree.sorted(by: { $0.key < $1.key }) {
            let key = prefix + name
            guard !name.isEmpty, !name.contains("."), !name.contains("/") else {
                problem(key, "a key is a non-empty name without '.' or '/'")
                continue
            }
            switch value {
            case .string(let text):
                words[key] = .text(text)
            case .object(let members) where !members.isEmpty && members.keys.allSatisfy({ PluralCategory(rawValue: $0) != nil }):
                var forms: [PluralCategory: String] = [:]
                for (category, form) in members {
                    guard case .string(let text) = form else { problem("\(key).\(category)", "expected a string"); continue }
                    forms[PluralCategory(rawValue: category) ?? .other] = text
                }
                words[key] = .plural(forms)
            case .object(let members):
                flatten(members, prefix: key + ".", into: &words, problem: problem)
            default:
                problem(key, "expected a text or a group of texts, got \(value.typeName)")
            }
        }
    }

    /// The rules a word with plural forms is chosen by.
    func rules(_ kind: PluralKind) -> PluralRules {
        kind == .cardinal ? cardinalRules : ordinalRules
    }
}

/// Counting (`3 days`) or ordering (`3rd`): CLDR gives each its own rules.
enum PluralKind: Sendable, Hashable {
    case cardinal, ordinal
}

/// Why a locale's catalog could not be read: one line per problem, each naming the file and key.
package struct LocaleCatalogError: Error, Sendable, CustomStringConvertible {
    package let problems: [String]
    init(_ problems: [String]) { self.problems = problems }
    package var description: String { problems.joined(separator: "\n") }
}
