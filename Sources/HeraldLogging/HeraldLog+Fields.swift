extension HeraldLog {
    /// A line's fields in the order they are written: `["id": .string(id), "attempt": .int(n)]`.
    /// (A `Dictionary` would lose the order; the caller's order is the one a reader scans.)
    public struct Fields: Sendable, Equatable, ExpressibleByDictionaryLiteral {
        public private(set) var members: [(String, Value)]

        public init(_ members: [(String, Value)]) { self.members = members }

        public init(dictionaryLiteral elements: (String, Value)...) { self.members = elements }

        public mutating func append(_ key: String, _ value: Value) { members.append((key, value)) }

        public static func == (lhs: Fields, rhs: Fields) -> Bool {
            lhs.members.count == rhs.members.count && zip(lhs.members, rhs.members).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        }
    }
}
