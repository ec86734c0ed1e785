/// CLDR's plural categories; every rule set ends in `other`.
enum PluralCategory: String, CaseIterable, Sendable, Hashable, Comparable {
    case zero, one, two, few, many, other

    static func < (lhs: PluralCategory, rhs: PluralCategory) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// A locale's cardinal or ordinal rules: the first category whose condition matches, else `other`.
struct PluralRules: Sendable, Hashable {
    let rules: [PluralCategory: PluralRule]

    /// The categories a word with plural forms must give, `other` included.
    var categories: Set<PluralCategory> { Set(rules.keys).union([.other]) }

    func category(for number: PluralOperands) -> PluralCategory {
        PluralCategory.allCases.first { rules[$0]?.matches(number) == true } ?? .other
    }
}
