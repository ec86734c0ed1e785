import Foundation
import Template

/// The few words Herald computes rather than templates include, because they depend on a number
/// or a state: ordinals, state labels, "tomorrow", link lifetimes. Every text comes from the
/// locale's catalog (README "Locales"); this type only knows which entry to pick and how to count.
struct Phrasebook: Sendable {
    /// What kind of entry a computed word is.
    enum Entry: Sendable, Hashable {
        case text
        case counted(PluralKind)
    }

    /// Every entry Herald computes, by key; a catalog must have each, in this shape.
    static let computedWords: [String: Entry] = {
        var words: [String: Entry] = [
            "ordinal": .counted(.ordinal),
            "relativeDay.today": .text, "relativeDay.tomorrow": .text, "relativeDay.inDays": .counted(.cardinal),
            "lifetime.minutes": .counted(.cardinal), "lifetime.hours": .counted(.cardinal), "lifetime.days": .counted(.cardinal),
        ]
        for state in InstallmentState.allCases { words["state." + state.rawValue] = .text }
        return words
    }()

    static var pluralKeys: [String] {
        computedWords.filter { $0.value != .text }.keys.sorted()
    }

    /// The placeholder a counted word's forms write the number with.
    static let countPlaceholder = "{{count}}"

    /// Nil only for an environment that decodes without rendering (its words are never asked for).
    let catalog: LocaleCatalog?
    let formattingLocale: Locale
    /// How `formattingLocale` writes counts, looked up once for every word of a message.
    private let countPattern: NumberPattern?

    init(catalog: LocaleCatalog?, formattingLocale: Locale) {
        self.catalog = catalog
        self.formattingLocale = formattingLocale
        countPattern = LocaleFormatCache.countPattern(formattingLocale)
    }

    /// `1st 2nd 3rd 4th 11th 21st` / `1re 2e` / `1.`: the locale's ordinal rules pick the form.
    func ordinal(_ number: Int) -> String {
        counted("ordinal", number)
    }

    /// A label for every state, so a state is never shown by colour alone.
    func label(for state: InstallmentState) -> String {
        text("state." + state.rawValue)
    }

    /// When something happens relative to the send day: `today`, `tomorrow`, `in 3 days`.
    func when(inDays days: Int) -> String {
        switch days {
        case 0: text("relativeDay.today")
        case 1: text("relativeDay.tomorrow")
        default: counted("relativeDay.inDays", days)
        }
    }

    /// How long a link stays valid: `45 minutes`, `1 hour`, `24 hours`, `3 days` (whole units, rounded down).
    func lifetime(seconds: Int) -> String {
        let minutes = max(seconds / 60, 1)
        let hours = minutes / 60
        if hours >= 48 { return counted("lifetime.days", hours / 24) }
        if hours >= 1 { return counted("lifetime.hours", hours) }
        return counted("lifetime.minutes", minutes)
    }

    /// The plural category of an amount as shown (`200.00`), for agreement ("seront prélevés").
    func plural(of money: Money) -> PluralFlags {
        let operands = PluralOperands(decimalText: money.amountText) ?? PluralOperands(0)
        return PluralFlags(catalog?.rules(.cardinal).category(for: operands) ?? .other)
    }

    private func text(_ key: String) -> String {
        guard case .text(let text)? = catalog?.words[key] else { return "" }
        return text
    }

    private func counted(_ key: String, _ number: Int) -> String {
        guard let catalog, case .plural(let forms)? = catalog.words[key],
              case .counted(let kind)? = Self.computedWords[key]
        else { return "" }
        let category = catalog.rules(kind).category(for: PluralOperands(number))
        let form = forms[category] ?? forms[.other] ?? ""
        let count = number >= 0 ? countPattern?.format(String(number)) : nil
        return Self.replacingPlaceholder(in: form, with: count ?? number.formatted(.number.locale(formattingLocale)))
    }

    /// `form` with every `{{count}}` replaced, on bytes (Foundation's `replacingOccurrences` cost
    /// more than the rest of the phrase).
    private static func replacingPlaceholder(in form: String, with count: String) -> String {
        let bytes = Array(form.utf8)
        let placeholder = Array(countPlaceholder.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + count.utf8.count)
        var index = 0
        while index < bytes.count {
            if bytes[index...].starts(with: placeholder) {
                result.append(contentsOf: count.utf8)
                index += placeholder.count
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// What a catalog lacks or gets wrong among the computed words, as `file: words.key: problem`.
    static func problems(in catalog: LocaleCatalog) -> [String] {
        var problems: [String] = []
        for (key, entry) in computedWords.sorted(by: { $0.key < $1.key }) {
            let place = "\(catalog.path): words.\(key)"
            switch (entry, catalog.words[key]) {
            case (_, nil):
                problems.append("\(place): missing (Herald computes this word)")
            case (.text, .text(let text)?):
                if text.contains("{{") { problems.append("\(place): takes no placeholder") }
                if text.isEmpty { problems.append("\(place): must not be empty") }
            case (.counted(let kind), .plural(let forms)?):
                let expected = catalog.rules(kind).categories
                let given = Set(forms.keys)
                if given != expected {
                    problems.append("\(place): needs exactly the forms \(expected.sorted().map(\.rawValue).joined(separator: ", ")) (the locale's \(kind == .cardinal ? "cardinal" : "ordinal") plural rules), has \(given.sorted().map(\.rawValue).joined(separator: ", "))")
                }
                for (category, form) in forms.sorted(by: { $0.key < $1.key }) {
                    let rest = form.replacingOccurrences(of: countPlaceholder, with: "")
                    if rest.contains("{{") || rest.contains("}}") || !form.contains(countPlaceholder) {
                        problems.append("\(place).\(category.rawValue): takes exactly the placeholder \(countPlaceholder)")
                    }
                }
            case (.text, .plural?):
                problems.append("\(place): expected a text, not plural forms")
            case (.counted, .text?):
                problems.append("\(place): expected plural forms such as {\"one\": \"… \(countPlaceholder) …\", \"other\": \"…\"}")
            }
        }
        return problems
    }
}

/// A plural category as template sections: `{{#amountPlural.one}}sera prélevé{{/amountPlural.one}}`.
struct PluralFlags: Sendable, Hashable {
    let zero, one, two, few, many, other: Bool

    init(_ category: PluralCategory) {
        zero = category == .zero
        one = category == .one
        two = category == .two
        few = category == .few
        many = category == .many
        other = category == .other
    }

    func templateValue(_ writer: ViewWriter) -> TemplateValue {
        var flags = ViewObject(capacity: 6)
        flags.set("zero", writer.value(zero))
        flags.set("one", writer.value(one))
        flags.set("two", writer.value(two))
        flags.set("few", writer.value(few))
        flags.set("many", writer.value(many))
        flags.set("other", writer.value(other))
        return flags.value
    }

    static let schema = Schema(PluralCategory.allCases.map { SchemaField($0.rawValue, .boolean) })
}
