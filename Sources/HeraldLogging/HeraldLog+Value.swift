extension HeraldLog {
    /// A field's value, written as the JSON type it is (so `"status":202`, not `"status":"202"`).
    public enum Value: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation,
        ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral {
        case string(String)
        case int(Int)
        /// Written as JSON `null` when not finite (JSON has no NaN or infinity).
        case double(Double)
        case bool(Bool)
        /// Nested fields, e.g. the effective configuration in a `started` line.
        case object(Fields)

        public init(stringLiteral value: String) { self = .string(value) }
        public init(integerLiteral value: Int) { self = .int(value) }
        public init(floatLiteral value: Double) { self = .double(value) }
        public init(booleanLiteral value: Bool) { self = .bool(value) }

        /// The value as JSON text.
        var json: String {
            switch self {
            case .string(let text): JSONText.quoted(text)
            case .int(let value): String(value)
            case .double(let value): value.isFinite ? String(value) : "null"
            case .bool(let value): value ? "true" : "false"
            case .object(let fields): "{" + fields.members.map { "\(JSONText.quoted($0.0)):\($0.1.json)" }.joined(separator: ",") + "}"
            }
        }
    }
}
