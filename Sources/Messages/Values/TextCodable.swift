/// A value JSON carries as its text (`"2026-03-01"`, `"https://…"`): decoded through its own parser,
/// whose refusal becomes a decoding error in the parser's words, and encoded as its `description`.
protocol TextCodable: Codable, CustomStringConvertible {
    associatedtype ParseError: Error & CustomStringConvertible
    init(parsing text: String) throws(ParseError)
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Self(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
