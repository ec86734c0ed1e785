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

        /// The value as JSON text, appended to a line being built.
        func appendJSON(to bytes: inout [UInt8]) {
            switch self {
            case .string(let text): JSONText.appendQuoted(text, to: &bytes)
            case .int(let value): bytes.appendUTF8(String(value))
            case .double(let value): bytes.appendUTF8(value.isFinite ? String(value) : "null")
            case .bool(let value): bytes.appendUTF8(value ? "true" : "false")
            case .object(let fields):
                bytes.append(UInt8(ascii: "{"))
                for (index, (key, value)) in fields.members.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    JSONText.appendQuoted(key, to: &bytes)
                    bytes.append(UInt8(ascii: ":"))
                    value.appendJSON(to: &bytes)
                }
                bytes.append(UInt8(ascii: "}"))
            }
        }
    }
}
