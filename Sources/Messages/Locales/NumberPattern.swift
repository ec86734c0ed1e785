import Foundation

/// How one locale writes numbers of one kind — amounts of one currency (`€1,234.50`,
/// `1 234,50 €`) or counts (`1,234`) — learnt once from Foundation's own output and then applied
/// with string appends: asking ICU for every amount and count of every message was a tenth of
/// composing one.
///
/// A pattern is kept only when it reproduces Foundation for every probe number (grouping from one
/// to fifteen integer digits, fractions with and without zeros); a locale it cannot describe
/// (other digit systems, Indian grouping, a minimum of two grouping digits) has none, and its
/// numbers go through Foundation as before.
struct NumberPattern: Sendable {
    /// What comes before and after the digits (a currency sign, a space, a minus sign's place).
    let prefix: String, suffix: String
    /// Between groups of three integer digits, and before the fraction.
    let groupSeparator: String, decimalSeparator: String
    /// Fraction digits written (the currency's minor units; 0 for counts).
    let minorUnits: Int

    /// The longest integer part the probes check; longer numbers are formatted by Foundation.
    static let maximumIntegerDigits = 15

    /// Amounts in `currency` as `Money.formatted(locale:)` writes them.
    static func amounts(in currency: Currency, locale: Locale) -> NumberPattern? {
        NumberPattern(minorUnits: currency.minorUnits) { foundationText($0, currency: currency, locale: locale) }
    }

    /// Whole numbers as `Int.formatted(.number.locale(locale))` writes them.
    static func counts(locale: Locale) -> NumberPattern? {
        NumberPattern(minorUnits: 0) { $0.formatted(.number.locale(locale)) }
    }

    /// `reference` formats a number through Foundation; the pattern is read from its output for
    /// 1234567 (with fraction digits 8, 9, 1, 2) and checked against it on the probes.
    private init?(minorUnits: Int, reference: (Decimal) -> String) {
        func referenceText(_ text: String) -> String? {
            Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")).map(reference)
        }
        let fractionProbe = String("8912".prefix(minorUnits))
        guard let sample = referenceText(fractionProbe.isEmpty ? "1234567" : "1234567." + fractionProbe) else { return nil }
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
        if let firstFractionDigit = fractionProbe.unicodeScalars.first {
            guard let separator = take(until: firstFractionDigit), !separator.isEmpty, expect(fractionProbe) else { return nil }
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
            guard let expected = referenceText(text), format(text) == expected else { return nil }
        }
    }

    /// `text` as digits with exactly `minorUnits` decimals after a dot (`Money.amountText`,
    /// `"1234.50"`; a count's `"12"`); nil for an integer part longer than the probes checked.
    func format(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            let dot = bytes.firstIndex(of: UInt8(ascii: ".")) ?? bytes.count
            guard dot <= Self.maximumIntegerDigits, (dot < bytes.count) == (minorUnits > 0) else { return nil }
            // Bytes first, one `String` at the end: appending scalar by scalar cost more than the rest.
            var formatted: [UInt8] = []
            formatted.reserveCapacity(prefix.utf8.count + bytes.count * 2 + suffix.utf8.count)
            formatted.append(contentsOf: prefix.utf8)
            for index in 0..<dot {
                formatted.append(bytes[index])
                let digitsLeft = dot - index - 1
                if digitsLeft > 0, digitsLeft % 3 == 0 { formatted.append(contentsOf: groupSeparator.utf8) }
            }
            if dot < bytes.count {
                formatted.append(contentsOf: decimalSeparator.utf8)
                formatted.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(dot + 1)...]))
            }
            formatted.append(contentsOf: suffix.utf8)
            return String(decoding: formatted, as: UTF8.self)
        }
    }

    /// What `Money.formatted(locale:)` writes through Foundation.
    static func foundationText(_ amount: Decimal, currency: Currency, locale: Locale) -> String {
        amount.formatted(.currency(code: currency.code).locale(locale).precision(.fractionLength(currency.minorUnits)))
    }
}
