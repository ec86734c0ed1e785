import Foundation

/// The languages Herald has templates for; `en` is the default every unknown locale falls back to.
public enum TemplateLanguage: String, CaseIterable, Sendable, Codable {
    case en, fr

    /// The region used to format numbers and dates when the caller gave none.
    var defaultFormattingLocale: Locale {
        switch self {
        case .en: Locale(identifier: "en_US")
        case .fr: Locale(identifier: "fr_FR")
        }
    }
}

/// Which templates and which number/date conventions a requested locale gets: `fr-CA` → `fr`
/// templates with Canadian French formatting; `de` → `en`, and the result says it fell back.
public struct LocaleResolution: Sendable, Hashable {
    /// What the caller asked for (nil when they did not say).
    public let requested: String?
    public let language: TemplateLanguage
    /// Foundation locale for amounts and dates.
    public let formattingLocale: Locale
    /// True when the requested language has no templates and the default (`en`) was used.
    public let usedDefault: Bool

    public init(requested: String?) {
        self.requested = requested
        let parts = (requested ?? "").split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        let languageCode = parts.first?.lowercased() ?? ""
        let region = parts.dropFirst().first { part in
            (part.count == 2 && part.allSatisfy(\.isLetter)) || (part.count == 3 && part.allSatisfy(\.isNumber))
        }
        if let language = TemplateLanguage(rawValue: languageCode) {
            self.language = language
            self.usedDefault = false
            self.formattingLocale = region.map { Locale(identifier: "\(languageCode)_\($0.uppercased())") }
                ?? language.defaultFormattingLocale
        } else {
            self.language = .en
            self.usedDefault = requested != nil
            self.formattingLocale = TemplateLanguage.en.defaultFormattingLocale
        }
    }

    /// Why this language was chosen, for the CLI, logs and the render API.
    public var note: String? {
        usedDefault ? "no templates for locale \"\(requested ?? "")\"; rendered in \(language.rawValue)" : nil
    }
}
