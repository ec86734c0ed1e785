/// One CLDR plural condition such as `n % 10 = 1 and n % 100 != 11` or `i = 0,1`
/// (Unicode TR35 "Language Plural Rules"; samples after `@` are ignored), compiled once from a
/// locale's catalog so that adding a language's rules is data, not code.
struct PluralRule: Sendable, Hashable {
    enum Operand: Character, Sendable, Hashable {
        case n = "n", i = "i", v = "v", w = "w", f = "f", t = "t", e = "e", c = "c"
    }

    struct Relation: Sendable, Hashable {
        let operand: Operand
        let modulus: Int?
        let negated: Bool
        let ranges: [ClosedRange<Int>]
    }

    /// Relations joined by `and` inside, the groups joined by `or`.
    let alternatives: [[Relation]]

    init(parsing source: String) throws(PluralRuleError) {
        let condition = source.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        var tokens = PluralRuleTokens(condition)
        var alternatives: [[Relation]] = []
        repeat {
            var relations: [Relation] = []
            repeat {
                relations.append(try tokens.relation())
            } while tokens.take("and")
            alternatives.append(relations)
        } while tokens.take("or")
        guard tokens.atEnd else { throw .init(source: source, problem: "expected 'and', 'or' or the end, found '\(tokens.rest)'") }
        self.alternatives = alternatives
    }

    func matches(_ number: PluralOperands) -> Bool {
        alternatives.contains { relations in relations.allSatisfy { $0.holds(for: number) } }
    }
}

extension PluralRule.Relation {
    func holds(for number: PluralOperands) -> Bool {
        // `n` equals an integer only when its visible fraction is zero.
        if operand == .n, number.fraction != 0 { return negated }
        let value: Int?
        switch operand {
        case .n, .i: value = modulus.map { number.integer(modulo: $0) } ?? number.integer
        case .v: value = reduced(number.visibleFractionDigits)
        case .w: value = reduced(number.fractionDigitsWithoutTrailingZeros)
        case .f: value = reduced(number.fraction)
        case .t: value = reduced(number.fractionWithoutTrailingZeros)
        case .e, .c: value = 0
        }
        let inRanges = value.map { value in ranges.contains { $0.contains(value) } } ?? false
        return inRanges != negated
    }

    private func reduced(_ value: Int) -> Int {
        modulus.map { value % $0 } ?? value
    }
}

/// A rule that does not parse, with the rule's text.
struct PluralRuleError: Error, Sendable, Hashable, CustomStringConvertible {
    let source: String
    let problem: String
    var description: String { "plural rule \"\(source)\": \(problem)" }
}

/// The words and symbols of a plural condition, read left to right.
private struct PluralRuleTokens {
    private var tokens: [String]
    private var position = 0
    private let source: String

    init(_ source: String) {
        self.source = source
        var tokens: [String] = []
        var current = ""
        func flush() { if !current.isEmpty { tokens.append(current); current = "" } }
        var characters = Array(source)[...]
        while let character = characters.first {
            characters = characters.dropFirst()
            switch character {
            case " ", "\t": flush()
            case "%", ",", "=": flush(); tokens.append(String(character))
            case "!" where characters.first == "=": flush(); characters = characters.dropFirst(); tokens.append("!=")
            case "." where characters.first == ".": flush(); characters = characters.dropFirst(); tokens.append("..")
            default: current.append(character)
            }
        }
        flush()
        self.tokens = tokens
    }

    var atEnd: Bool { position == tokens.count }
    var rest: String { tokens[position...].joined(separator: " ") }

    mutating func take(_ token: String) -> Bool {
        guard position < tokens.count, tokens[position] == token else { return false }
        position += 1
        return true
    }

    private mutating func next() -> String? {
        guard position < tokens.count else { return nil }
        defer { position += 1 }
        return tokens[position]
    }

    private mutating func number() throws(PluralRuleError) -> Int {
        guard let token = next(), token.count <= 9, let value = Int(token), value >= 0 else {
            throw PluralRuleError(source: source, problem: "expected a number")
        }
        return value
    }

    mutating func relation() throws(PluralRuleError) -> PluralRule.Relation {
        guard let name = next(), name.count == 1, let operand = name.first.flatMap(PluralRule.Operand.init(rawValue:)) else {
            throw PluralRuleError(source: source, problem: "expected an operand (n i v w f t e c)")
        }
        var modulus: Int?
        if take("%") {
            let divisor = try number()
            guard divisor > 0 else { throw PluralRuleError(source: source, problem: "modulus must be positive") }
            modulus = divisor
        }
        let negated: Bool
        if take("=") { negated = false } else if take("!=") { negated = true } else {
            throw PluralRuleError(source: source, problem: "expected '=' or '!='")
        }
        var ranges: [ClosedRange<Int>] = []
        repeat {
            let low = try number()
            let high = take("..") ? try number() : low
            guard low <= high else { throw PluralRuleError(source: source, problem: "range \(low)..\(high) is empty") }
            ranges.append(low...high)
        } while take(",")
        return PluralRule.Relation(operand: operand, modulus: modulus, negated: negated, ranges: ranges)
    }
}
