import Foundation

/// A language Herald can have a catalog for: an ISO 639 code (`en`, `fr`, `de`). Which languages
/// exist is data (`Templates/_locales/<code>.json`, see `LocaleCatalogs`); `en` is the default
/// every unknown locale falls back to.
public struct TemplateLanguage: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Two or three lowercase ASCII letters; nil for anything else.
    public init?(rawValue: String) {
        guard (2...3).contains(rawValue.utf8.count), rawValue.utf8.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }) else {
            return nil
        }
        self.rawValue = rawValue
    }

    public static let en = TemplateLanguage(validCode: "en")

    private init(validCode: String) { rawValue = validCode }

    public var description: String { rawValue }

    public static func < (lhs: TemplateLanguage, rhs: TemplateLanguage) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Which catalog and which number/date conventions a requested locale gets: `fr-CA` → the `fr`
/// catalog with Canadian French formatting; a language without a catalog → `en`, and the result says so.
public struct LocaleResolution: Sendable, Hashable {
    /// What the caller asked for (nil when they did not say).
    public let requested: String?
    public let language: TemplateLanguage
    /// Foundation locale for amounts and dates.
    public let formattingLocale: Locale
    /// True when the requested language has no catalog and the default (`en`) was used.
    public let usedDefault: Bool

    /// Resolves against the loaded catalogs (an empty set, as when only decoding a context, resolves
    /// everything to `en` with US formatting).
    package init(requested: String?, catalogs: LocaleCatalogs) {
        self.requested = requested
        let parts = (requested ?? "").split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        let languageCode = parts.first?.lowercased() ?? ""
        let region = parts.dropFirst().first { part in
            (part.count == 2 && part.allSatisfy(\.isLetter)) || (part.count == 3 && part.allSatisfy(\.isNumber))
        }
        if let language = TemplateLanguage(rawValue: languageCode), let catalog = catalogs[language] {
            self.language = language
            self.usedDefault = false
            self.formattingLocale = region.map { Locale(identifier: "\(languageCode)_\($0.uppercased())") }
                ?? catalog.defaultFormattingLocale
        } else {
            self.language = .en
            self.usedDefault = requested != nil
            self.formattingLocale = catalogs[.en]?.defaultFormattingLocale ?? Locale(identifier: "en_US")
        }
    }

    /// Why this language was chosen, for the CLI, logs and the render API.
    public var note: String? {
        usedDefault ? "no templates for locale \"\(requested ?? "")\"; rendered in \(language.rawValue)" : nil
    }
}
