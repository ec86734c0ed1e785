/// The operands CLDR plural rules test, for a number as it is shown (`3`, `200.00`, `1.5`):
/// `i` the integer digits, `v` the number of visible fraction digits, `w` the same without trailing
/// zeros, `f` and `t` the visible fraction digits with and without trailing zeros, `e`/`c` the
/// compact exponent (always 0 here). See Unicode TR35 "Language Plural Rules".
struct PluralOperands: Sendable, Hashable {
    /// The integer digits, most significant first (no leading zeros, `[0]` for zero).
    let integerDigits: [UInt8]
    let visibleFractionDigits: Int
    let fraction: Int
    let fractionWithoutTrailingZeros: Int
    let fractionDigitsWithoutTrailingZeros: Int

    init(_ number: Int) {
        integerDigits = Array(String(number.magnitude).utf8).map { $0 - UInt8(ascii: "0") }
        visibleFractionDigits = 0
        fraction = 0
        fractionWithoutTrailingZeros = 0
        fractionDigitsWithoutTrailingZeros = 0
    }

    /// A plain decimal as `Money.amountText` writes it (`"1234.50"`); nil for anything else.
    init?(decimalText text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let integer = parts.first, !integer.isEmpty,
              parts.allSatisfy({ $0.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } })
        else { return nil }
        let digits = Array(integer.utf8.drop { $0 == UInt8(ascii: "0") }).map { $0 - UInt8(ascii: "0") }
        integerDigits = digits.isEmpty ? [0] : digits
        let fractionText = parts.count == 2 ? String(parts[1]) : ""
        // At most 9 fraction digits take part (currencies have at most 4), so the values fit an Int.
        let shown = String(fractionText.prefix(9))
        let trimmed = String(shown.reversed().drop { $0 == "0" }.reversed())
        visibleFractionDigits = fractionText.count
        fraction = Int(shown) ?? 0
        fractionWithoutTrailingZeros = Int(trimmed) ?? 0
        fractionDigitsWithoutTrailingZeros = trimmed.count
    }

    /// The integer part modulo `divisor` (computed on the digits: amounts may exceed `Int`).
    func integer(modulo divisor: Int) -> Int {
        integerDigits.reduce(0) { ($0 * 10 + Int($1)) % divisor }
    }

    /// The integer part when it fits comfortably in an `Int` (18 digits); nil for larger ones,
    /// which no rule's range reaches.
    var integer: Int? {
        integerDigits.count <= 18 ? integerDigits.reduce(0) { $0 * 10 + Int($1) } : nil
    }
}
