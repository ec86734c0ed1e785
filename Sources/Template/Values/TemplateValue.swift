/// The engine's value model: what a template sees of the data it renders.
///
/// Typed Swift values are turned into this once per render (``TemplateEncoder``), so the renderer
/// never goes through `Any`, `Mirror` or JSON.
public enum TemplateValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([TemplateValue])
    case object(TemplateObject)
    /// A value that renders itself per locale (money, dates) and still exposes its encoded fields.
    case formatted(FormattedValue)

    /// Mustache truthiness: `false`, null, an empty list and an empty string are falsey.
    var isFalsey: Bool {
        switch self {
        case .null: true
        case .bool(let value): !value
        case .list(let items): items.isEmpty
        case .string(let text): text.isEmpty
        case .int, .double, .object, .formatted: false
        }
    }

    /// The fields of a value read in place, unretained (the caller keeps the value alive).
    static func fieldsUnretained(of value: borrowing TemplateValue) -> Unmanaged<TemplateObject.Storage>? {
        switch value {
        case .object(let fields): Unmanaged.passUnretained(fields.storage)
        case .formatted(let formatted): Unmanaged.passUnretained(formatted.fields.storage)
        default: nil
        }
    }

    /// A short name of the value's kind, for error messages.
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .list: "a list"
        case .object: "an object"
        case .formatted: "a formatted value"
        }
    }
}

extension TemplateValue: Decodable {
    /// Decodes any JSON document (used for `--data` files and the spec suite).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([TemplateValue].self) {
            self = .list(value)
        } else {
            self = .object(TemplateObject(try container.decode([String: TemplateValue].self)))
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(TemplateObject(keys: elements.map(\.0), values: elements.map(\.1)))
    }
    public init(nilLiteral: ()) { self = .null }
}
