/// One thing wrong with one field of a request.
public struct FieldProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Whether the problem is malformed input (HTTP 400) or well-formed but meaningless input (HTTP 422).
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Wrong JSON type, missing field, bad syntax, a line break that could inject a header.
        case invalid
        /// Valid shape, wrong meaning: an unknown currency, mixed currencies, a debit date in the past.
        case unprocessable
    }

    public var path: String
    public var problem: String
    public var kind: Kind

    public init(path: FieldPath, problem: String, kind: Kind = .invalid) {
        self.path = path.description
        self.problem = problem
        self.kind = kind
    }

    public var description: String { "\(path): \(problem)" }
}

/// Every problem found in a request (not just the first), capped so a hostile body cannot amplify the answer.
public struct FieldProblems: Error, Sendable, Hashable, CustomStringConvertible {
    /// At most `limit` entries, in document order.
    public private(set) var problems: [FieldProblem] = []
    /// True when more problems existed than `limit`.
    public private(set) var truncated = false
    public static let limit = 100

    public init(_ problems: [FieldProblem] = []) {
        for problem in problems { append(problem) }
    }

    public mutating func append(_ problem: FieldProblem) {
        guard problems.count < Self.limit else {
            truncated = true
            return
        }
        problems.append(problem)
    }

    public mutating func append(contentsOf other: FieldProblems) {
        for problem in other.problems { append(problem) }
        truncated = truncated || other.truncated
    }

    public var isEmpty: Bool { problems.isEmpty }

    /// The HTTP status these problems deserve: 422 only when every problem is semantic, else 400.
    public var httpStatus: Int {
        problems.allSatisfy { $0.kind == .unprocessable } && !problems.isEmpty ? 422 : 400
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n") + (truncated ? "\n(more problems not shown)" : "")
    }
}
