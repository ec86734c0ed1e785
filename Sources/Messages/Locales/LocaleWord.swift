/// One entry of a locale's catalog: a text (a Mustache fragment) or, for a word Herald computes from
/// a count, one text per plural category (`{"one": "in {{count}} day", "other": "in {{count}} days"}`).
enum LocaleWord: Sendable, Hashable {
    case text(String)
    case plural([PluralCategory: String])

    /// The texts in a fixed order, for checks.
    var texts: [String] {
        switch self {
        case .text(let text): [text]
        case .plural(let forms): forms.sorted { $0.key < $1.key }.map(\.value)
        }
    }
}
