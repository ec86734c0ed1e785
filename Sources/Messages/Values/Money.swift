import Foundation
import Template

/// An amount of money: a decimal (never a `Double`) in an ISO 4217 currency.
///
/// JSON shape `{"amount":"1234.50","currency":"EUR"}`; the amount is a string so no JSON parser
/// ever turns it into a binary float, and it may not have more decimals than the currency allows.
public struct Money: Sendable, Hashable, Codable {
    public let amount: Decimal
    public let currency: Currency
    /// The amount with exactly the currency's minor units, as JSON carries it: `"1234.50"`, `"1500"` for JPY.
    /// Computed once: templates and encoders ask for it on every render.
    public let amountText: String

    /// Validates an amount against its currency; the error says which rule failed.
    public init(amount: Decimal, currency: Currency) throws(MoneyError) {
        guard amount >= 0 else { throw .negative }
        var exponentCheck = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exponentCheck, currency.minorUnits, .plain)
        guard rounded == amount else { throw .tooManyDecimals(currency: currency) }
        self.amount = amount
        self.currency = currency
        self.amountText = Self.text(of: amount, minorUnits: currency.minorUnits)
    }

    /// Parses the JSON form: a plain decimal string (`"1234.50"`, no exponent, no sign, no spaces) and a code.
    public init(parsing text: String, currencyCode: String) throws(MoneyError) {
        guard let currency = Currency(code: currencyCode) else { throw .unknownCurrency(currencyCode) }
        try self.init(parsing: text, currency: currency)
    }

    /// Checks the decimals and writes `amountText` from the digits themselves: rounding the
    /// `Decimal` and printing it again cost more than the rest of decoding a context.
    public init(parsing text: String, currency: Currency) throws(MoneyError) {
        guard let amount = Self.parseDecimal(text) else { throw .notADecimal(text) }
        // `parseDecimal` let through digits with at most one inner dot.
        let bytes = Array(text.utf8)
        let dot = bytes.firstIndex(of: UInt8(ascii: ".")) ?? bytes.count
        var integerStart = 0
        while integerStart < dot, bytes[integerStart] == UInt8(ascii: "0") { integerStart += 1 }
        var fractionEnd = bytes.count
        while fractionEnd > dot + 1, bytes[fractionEnd - 1] == UInt8(ascii: "0") { fractionEnd -= 1 }
        let fractionCount = max(fractionEnd - dot - 1, 0)
        guard fractionCount <= currency.minorUnits else { throw .tooManyDecimals(currency: currency) }
        var amountText = integerStart == dot ? "0" : String(decoding: bytes[integerStart..<dot], as: UTF8.self)
        if currency.minorUnits > 0 {
            let fraction = fractionCount > 0 ? String(decoding: bytes[(dot + 1)..<fractionEnd], as: UTF8.self) : ""
            amountText += "." + fraction + String(repeating: "0", count: currency.minorUnits - fractionCount)
        }
        self.amount = amount
        self.currency = currency
        self.amountText = amountText
    }

    private static func text(of amount: Decimal, minorUnits: Int) -> String {
        var value = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, minorUnits, .plain)
        let plain = rounded.description
        guard minorUnits > 0 else { return plain }
        let parts = plain.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return parts[0] + "." + fraction.padding(toLength: minorUnits, withPad: "0", startingAt: 0)
    }

    /// The amount as people of `locale` write it: `€1,234.50` in en_US, `1 234,50 €` in fr_FR
    /// (U+202F between digit groups, U+00A0 before the symbol: Foundation's CLDR data, pinned in tests).
    public func formatted(locale: Locale) -> String {
        formatted(locale: locale, pattern: LocaleFormatCache.amountPattern(currency, locale))
    }

    /// The same with `locale`'s pattern for this currency already looked up (`ViewWriter` does it once per message).
    func formatted(locale: Locale, pattern: NumberPattern?) -> String {
        pattern?.format(amountText) ?? NumberPattern.foundationText(amount, currency: currency, locale: locale)
    }

    static func parseDecimal(_ text: String) -> Decimal? {
        let scalars = Array(text.utf8)
        guard let first = scalars.first, first != UInt8(ascii: "."), scalars.last != UInt8(ascii: "."),
              scalars.count <= 30
        else { return nil }
        var dots = 0
        for byte in scalars {
            if byte == UInt8(ascii: ".") {
                dots += 1
            } else if !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                return nil
            }
        }
        guard dots <= 1 else { return nil }
        // Up to 18 digits the value is built from its digits (`Decimal(string:)` cost more than
        // the rest of reading an amount); longer ones are parsed by Foundation.
        var significand: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var afterDot = false
        for byte in scalars {
            if byte == UInt8(ascii: ".") {
                afterDot = true
                continue
            }
            if afterDot { fractionDigits += 1 }
            if significand == 0, byte == UInt8(ascii: "0") { continue }
            digits += 1
            guard digits <= 18 else { return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) }
            significand = significand * 10 + UInt64(byte - UInt8(ascii: "0"))
        }
        return Decimal(sign: .plus, exponent: -fractionDigits, significand: Decimal(significand))
    }

    private enum CodingKeys: String, CodingKey { case amount, currency }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .amount)
        let code = try container.decode(String.self, forKey: .currency)
        do {
            try self.init(parsing: text, currencyCode: code)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .amount, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(amountText, forKey: .amount)
        try container.encode(currency.code, forKey: .currency)
    }
}

/// Why a `Money` value was refused.
public enum MoneyError: Error, Sendable, Hashable, CustomStringConvertible {
    case notADecimal(String)
    case negative
    case unknownCurrency(String)
    case tooManyDecimals(currency: Currency)

    public var description: String {
        switch self {
        case .notADecimal(let text): "\"\(text)\" is not a decimal amount like \"1234.50\""
        case .negative: "must not be negative"
        case .unknownCurrency(let code): "unknown currency \"\(code)\""
        case .tooManyDecimals(let currency):
            currency.minorUnits == 0
                ? "\(currency.code) has no minor units: the amount must be a whole number"
                : "\(currency.code) allows at most \(currency.minorUnits) decimals"
        }
    }

    /// Syntax errors are malformed input (400); the rest is well-formed but meaningless (422).
    public var kind: FieldProblem.Kind {
        switch self {
        case .notADecimal, .negative: .invalid
        case .unknownCurrency, .tooManyDecimals: .unprocessable
        }
    }
}

/// `{{amount}}` renders `€1,234.50` / `1 234,50 €`; `{{amount.amount}}` and `{{amount.currency}}` stay reachable.
extension Money: TemplateFormattable {
    public func templateText(in environment: RenderEnvironment) -> String {
        formatted(locale: environment.locale)
    }

    /// What `encode(to:)` writes, without an encoder.
    public var templateFields: TemplateObject? {
        TemplateObject(keys: ["amount", "currency"], values: [.string(amountText), .string(currency.code)])
    }
}
