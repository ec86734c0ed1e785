import Foundation

/// How one locale writes amounts of one currency (`€1,234.50`, `1 234,50 €`), learnt once from
/// Foundation's own output and then applied with string appends: asking ICU for every amount of
/// every message was a tenth of composing one.
///
/// A pattern is kept only when it reproduces Foundation for every probe amount (grouping from one
/// to fifteen integer digits, fractions with and without zeros); a locale it cannot describe
/// (other digit systems, Indian grouping, a minimum of two grouping digits) has none, and its
/// amounts go through Foundation as before.
struct AmountPattern: Sendable {
    let prefix: String
    let suffix: String
    let groupSeparator: String
    let decimalSeparator: String
    let minorUnits: Int

    /// The longest integer part the probes check; longer amounts are formatted by Foundation.
    static let maximumIntegerDigits = 15

    init?(currency: Currency, locale: Locale) {
        let minorUnits = currency.minorUnits
        let fractionProbe = String("89123".prefix(minorUnits))
        guard let sample = Self.foundationText(integer: "1234567", fraction: fractionProbe, currency: currency, locale: locale) else { return nil }
        let scalars = Array(sample.unicodeScalars)
        var index = 0
        func take(until digit: Unicode.Scalar) -> String? {
            let start = index
            while index < scalars.count, scalars[index] != digit {
                guard !("0"..."9").contains(scalars[index]) else { return nil }
                index += 1
            }
            guard index < scalars.count else { return nil }
            return String(String.UnicodeScalarView(scalars[start..<index]))
        }
        func expect(_ digits: String) -> Bool {
            for digit in digits.unicodeScalars {
                guard index < scalars.count, scalars[index] == digit else { return false }
                index += 1
            }
            return true
        }
        guard let prefix = take(until: "1"), expect("1"),
              let group = take(until: "2"), !group.isEmpty, expect("234"),
              let secondGroup = take(until: "5"), secondGroup == group, expect("567")
        else { return nil }
        var decimal = ""
        if minorUnits > 0 {
            guard let separator = take(until: fractionProbe.unicodeScalars.first ?? "8"), !separator.isEmpty, expect(fractionProbe) else { return nil }
            decimal = separator
        }
        let suffix = String(String.UnicodeScalarView(scalars[index...]))
        guard !suffix.unicodeScalars.contains(where: { ("0"..."9").contains($0) }) else { return nil }
        self.prefix = prefix
        self.suffix = suffix
        self.groupSeparator = group
        self.decimalSeparator = decimal
        self.minorUnits = minorUnits

        let integers = ["0", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789012345"]
        let fractions = minorUnits == 0 ? [""] : [String(repeating: "0", count: minorUnits), String(repeating: "9", count: minorUnits),
                                                  "0" + String(repeating: "5", count: minorUnits - 1)]
        let probes = integers.map { ($0, fractions[0]) } + fractions.dropFirst().map { ("1234", $0) }
        for (integer, fraction) in probes {
            let text = fraction.isEmpty ? integer : integer + "." + fraction
            guard let expected = Self.foundationText(integer: integer, fraction: fraction, currency: currency, locale: locale),
                  format(amountText: text) == expected
            else { return nil }
        }
    }

    /// `amountText` as `Money` keeps it (`"1234.50"`: digits, and exactly `minorUnits` decimals);
    /// nil for an integer part longer than the probes checked.
    func format(amountText: String) -> String? {
        let parts = amountText.utf8.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard let integer = parts.first, integer.count <= Self.maximumIntegerDigits, parts.count == (minorUnits > 0 ? 2 : 1) else { return nil }
        var text = prefix
        var digitsLeft = integer.count
        for digit in integer {
            text.unicodeScalars.append(Unicode.Scalar(digit))
            digitsLeft -= 1
            if digitsLeft > 0, digitsLeft % 3 == 0 { text += groupSeparator }
        }
        if parts.count == 2 {
            text += decimalSeparator
            text += String(decoding: parts[1], as: UTF8.self)
        }
        return text + suffix
    }

    /// What `Money.formatted(locale:)` writes through Foundation.
    static func foundationText(integer: String, fraction: String, currency: Currency, locale: Locale) -> String? {
        guard let amount = Decimal(string: fraction.isEmpty ? integer : integer + "." + fraction, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        return foundationText(amount, currency: currency, locale: locale)
    }

    static func foundationText(_ amount: Decimal, currency: Currency, locale: Locale) -> String {
        amount.formatted(.currency(code: currency.code).locale(locale).precision(.fractionLength(currency.minorUnits)))
    }
}
