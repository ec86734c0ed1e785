/// A value in a structured log line.
public enum LogValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    /// A nested object, e.g. the effective configuration at startup.
    case object([(String, LogValue)])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }

    public static func == (lhs: LogValue, rhs: LogValue) -> Bool {
        lhs.json == rhs.json
    }

    /// The value as JSON text.
    var json: String {
        switch self {
        case .string(let text): JSONText.quoted(text)
        case .int(let value): String(value)
        case .double(let value): value.isFinite ? String(value) : "null"
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        case .object(let members): "{" + members.map { "\(JSONText.quoted($0.0)):\($0.1.json)" }.joined(separator: ",") + "}"
        }
    }
}
