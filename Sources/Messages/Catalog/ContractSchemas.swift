/// The JSON Schemas (2020-12, the dialect OpenAPI 3.1 embeds) of what a caller sends: one per message
/// context, plus money, recipients, attachments and the send request that carries them.
///
/// Generated from the same `Schema` declarations `SchemaValidator` checks, so the published contract
/// and the decoder cannot drift. Each schema accepts only values whose *shape* the validator accepts;
/// rules JSON Schema cannot state (decimals per currency, payment invariants across fields, dates
/// relative to the send day) are answered `422`, never `400`.
package enum ContractSchemas {
    /// One line of text as `SchemaValidator.textProblem` accepts it: no C0/C1 control, no line or
    /// paragraph separator, at least one character that is not white space.
    static let linePattern = #"^[^\u0000-\u001F\u007F-\u009F\u2028\u2029]*[^\s\u0000-\u001F\u007F-\u009F\u2028\u2029][^\u0000-\u001F\u007F-\u009F\u2028\u2029]*$"#
    static let dayPattern = #"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"#
    static let timestampPattern = #"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})$"#

    /// The name of the component schema of `kind`'s context: `InstallmentPaidContext`.
    package static func contextName(_ kind: MessageKind) -> String {
        kind.rawValue.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + "Context"
    }

    /// The name of the send request schema of `kind`: `InstallmentPaidSendRequest`, or
    /// `InstallmentPaidRenderRequest` for `POST /v1/render`, where `to` may be left out.
    package static func sendRequestName(_ kind: MessageKind, recipientsRequired: Bool = true) -> String {
        String(contextName(kind).dropLast("Context".count)) + (recipientsRequired ? "SendRequest" : "RenderRequest")
    }

    static func reference(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    /// Every schema, by component name.
    package static var components: [String: JSONValue] {
        var schemas: [String: JSONValue] = [
            "Money": money, "Recipient": recipient, "Attachment": attachment,
            "InstallmentState": ["type": "string", "enum": .array(InstallmentState.allCases.map { .string($0.rawValue) })],
            "SendRequest": sendRequest(recipientsRequired: true),
            "RenderRequest": sendRequest(recipientsRequired: false),
        ]
        for kind in MessageKind.allCases {
            schemas[contextName(kind)] = object(kind.schema, description: "The context of `\(kind.rawValue)`.")
            schemas[sendRequestName(kind)] = sendRequest(for: kind, recipientsRequired: true)
            schemas[sendRequestName(kind, recipientsRequired: false)] = sendRequest(for: kind, recipientsRequired: false)
        }
        return schemas
    }

    /// Any message's send (or render) request, chosen by its `message` field.
    static func sendRequest(recipientsRequired: Bool) -> JSONValue {
        var mapping: [String: JSONValue] = [:]
        for kind in MessageKind.allCases {
            mapping[kind.rawValue] = .string("#/components/schemas/\(sendRequestName(kind, recipientsRequired: recipientsRequired))")
        }
        return [
            "description": recipientsRequired
                ? "A message to send: its kind, recipients and typed context (README \"API\")."
                : "A message to render without sending: a send request whose `to` may be left out.",
            "oneOf": .array(MessageKind.allCases.map { reference(sendRequestName($0, recipientsRequired: recipientsRequired)) }),
            "discriminator": ["propertyName": "message", "mapping": .object(mapping)],
        ]
    }

    /// The envelope of `SendRequest.envelope`; its optional fields may also be `null` (absent).
    static func sendRequest(for kind: MessageKind, recipientsRequired: Bool) -> JSONValue {
        [
            "type": "object",
            "required": .array((recipientsRequired ? ["message", "to", "context"] : ["message", "context"]).map { .string($0) }),
            "additionalProperties": false,
            "properties": [
                "message": ["type": "string", "const": .string(kind.rawValue)],
                "to": ["type": recipientsRequired ? "array" : ["array", "null"], "minItems": 1, "maxItems": 50, "items": reference("Recipient")],
                "locale": [
                    "type": ["string", "null"], "pattern": "^[A-Za-z0-9_-]{1,35}$",
                    "description": "A language tag such as `fr` or `fr-CA`; an unknown one falls back to the default locale.",
                ],
                "context": reference(contextName(kind)),
                "key": [
                    "type": ["string", "null"], "minLength": 1, "maxLength": 200, "pattern": #"^[^\u0000-\u001F\u007F]*$"#,
                    "description": "Idempotency key: a retry with the same key and body is answered, not sent again.",
                ],
                "sendAt": ["type": ["string", "null"], "format": "date-time", "pattern": .string(timestampPattern)],
                "attachments": ["type": ["array", "null"], "maxItems": .integer(AttachmentLimits.maximumCount), "items": reference("Attachment")],
            ],
        ]
    }

    static var money: JSONValue {
        [
            "type": "object",
            "description": "A decimal amount (a string, never a binary float) in an ISO 4217 currency; no more decimals than the currency has.",
            "required": ["amount", "currency"],
            "additionalProperties": false,
            "properties": [
                "amount": ["type": "string", "pattern": #"^[0-9]{1,20}(\.[0-9]{1,4})?$"#, "examples": ["1234.50"]],
                "currency": ["type": "string", "enum": .array(Currency.minorUnitsByCode.keys.sorted().map { .string($0) })],
            ],
        ]
    }

    static var recipient: JSONValue {
        [
            "type": "object",
            "required": ["email"],
            "additionalProperties": false,
            "properties": [
                // Narrower than the validator (which takes RFC 5322 atoms): what every client library can produce.
                "email": ["type": "string", "format": "email", "maxLength": 254,
                          "pattern": #"^[A-Za-z0-9._+-]{1,64}@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"#],
                // Also at most 200 bytes of UTF-8: a longer name of 200 characters or fewer is a 422.
                "name": ["type": ["string", "null"], "maxLength": .integer(AddressValidator.maximumDisplayNameBytes), "pattern": .string(linePattern)],
            ],
        ]
    }

    static var attachment: JSONValue {
        [
            "type": "object",
            "required": ["filename", "contentType", "content"],
            "additionalProperties": false,
            "properties": [
                // Also at most 200 bytes of UTF-8, no invisible character, not "." or "..": 422s.
                "filename": ["type": "string", "minLength": 1, "maxLength": .integer(AttachmentLimits.maximumFilenameBytes),
                             "pattern": #"^[^\s/\\"\u0000-\u001F\u007F-\u009F\u2028\u2029]([^/\\"\u0000-\u001F\u007F-\u009F\u2028\u2029]*[^\s/\\"\u0000-\u001F\u007F-\u009F\u2028\u2029])?$"#],
                "contentType": ["type": "string", "enum": .array(AttachmentLimits.allowedContentTypes.map { .string($0) })],
                "content": ["type": "string", "contentEncoding": "base64", "minLength": 4,
                            "pattern": "^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$"],
            ],
        ]
    }

    static func object(_ schema: Schema, description: String? = nil) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for field in schema.fields {
            properties[field.name] = field.isRequired ? value(field.type) : optional(field.type)
        }
        var object: [String: JSONValue] = [
            "type": "object",
            "required": .array(schema.fields.filter(\.isRequired).map { .string($0.name) }),
            "additionalProperties": false,
            "properties": .object(properties),
        ]
        if let description { object["description"] = .string(description) }
        return .object(object)
    }

    /// An optional field may be absent or `null`; an optional line of text may also be `""` ("none").
    static func optional(_ type: FieldType) -> JSONValue {
        var choices = [value(type), ["type": "null"]]
        if type == .text || type == .cardDigits { choices.append(["type": "string", "const": ""]) }
        return ["anyOf": .array(choices)]
    }

    static func value(_ type: FieldType) -> JSONValue {
        switch type {
        case .text, .computedText:
            ["type": "string", "minLength": 1, "maxLength": .integer(SchemaValidator.maximumTextLength), "pattern": .string(linePattern)]
        case .cardDigits:
            ["type": "string", "pattern": "^[0-9]{4}$", "description": "The last four digits of a card."]
        case .positiveInteger:
            ["type": "integer", "minimum": 1, "maximum": .integer(Int.max)]
        case .money:
            reference("Money")
        case .day:
            ["type": "string", "format": "date", "pattern": .string(dayPattern)]
        case .timestamp:
            ["type": "string", "format": "date-time", "pattern": .string(timestampPattern)]
        case .link:
            ["type": "string", "format": "uri", "maxLength": .integer(WebLink.maximumLength), "pattern": #"^(https://|http://(localhost|127\.0\.0\.1)[:/])[^\s]+$"#,
             "description": "An absolute https URL (http only for localhost)."]
        case .installmentState:
            reference("InstallmentState")
        case .list(let item):
            ["type": "array", "minItems": 1, "maxItems": .integer(SchemaValidator.maximumListCount), "items": object(item)]
        case .object(let nested):
            object(nested)
        case .boolean:
            ["type": "boolean"]
        }
    }
}
