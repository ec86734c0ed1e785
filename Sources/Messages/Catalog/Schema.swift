/// The shape of a context (or of what a template sees): field names, types, required or optional,
/// nested lists. Declared next to each context type, checked against its `Codable` conformance by
/// tests, served by `GET /v1/templates`, and used by `herald check` to resolve template names.
public struct Schema: Sendable, Hashable, Encodable {
    public var fields: [SchemaField]

    public init(_ fields: [SchemaField]) {
        self.fields = fields
    }

    public func field(named name: String) -> SchemaField? {
        fields.first { $0.name == name }
    }

    /// This schema with `other`'s fields added (a field of the same name in `other` replaces ours).
    public func adding(_ other: [SchemaField]) -> Schema {
        var merged = fields.filter { field in !other.contains { $0.name == field.name } }
        merged.append(contentsOf: other)
        return Schema(merged)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(fields)
    }
}

/// One named field of a schema.
public struct SchemaField: Sendable, Hashable, Encodable {
    public var name: String
    public var type: FieldType
    public var isRequired: Bool

    public init(_ name: String, _ type: FieldType, required: Bool = true) {
        self.name = name
        self.type = type
        self.isRequired = required
    }

    public static func optional(_ name: String, _ type: FieldType) -> SchemaField {
        SchemaField(name, type, required: false)
    }

    private enum CodingKeys: String, CodingKey { case name, type, required, fields }

    /// `{"name":"schedule","type":"list","required":true,"fields":[…]}`: the `GET /v1/templates` shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(type.name, forKey: .type)
        try container.encode(isRequired, forKey: .required)
        if let nested = type.nestedSchema {
            try container.encode(nested, forKey: .fields)
        }
    }
}

/// What a field holds. The first group is what callers send; `boolean` and `computedText` exist
/// only in view models (values Herald computes for templates).
public indirect enum FieldType: Sendable, Hashable {
    /// One line of text: non-empty, no CR, LF or other control characters (it may reach a header).
    case text
    /// Exactly four digits: the end of a card number.
    case cardDigits
    /// An integer ≥ 1 (installment numbers are 1-based).
    case positiveInteger
    case money
    case day
    /// RFC 3339 instant.
    case timestamp
    /// Absolute https URL (http for localhost).
    case link
    /// One of `paid pending refused error refunded canceled`.
    case installmentState
    case list(Schema)
    case object(Schema)
    case boolean
    /// Text Herald computes (ordinals, translated labels, colours).
    case computedText

    public var name: String {
        switch self {
        case .text, .computedText: "string"
        case .cardDigits: "card-last4"
        case .positiveInteger: "integer"
        case .money: "money"
        case .day: "day"
        case .timestamp: "timestamp"
        case .link: "url"
        case .installmentState: "installment-state"
        case .list: "list"
        case .object: "object"
        case .boolean: "boolean"
        }
    }

    /// The fields a template can reach below a value of this type (`amount.currency`, `schedule[].number`).
    public var nestedSchema: Schema? {
        switch self {
        case .list(let schema), .object(let schema): schema
        case .money: Schema([SchemaField("amount", .text), SchemaField("currency", .text)])
        default: nil
        }
    }
}
