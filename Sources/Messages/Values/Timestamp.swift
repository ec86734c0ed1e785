import Foundation

/// An instant written in RFC 3339 (`2026-03-06T09:00:00Z`, offsets allowed), e.g. when a link expires.
public struct Timestamp: Sendable, Hashable, Codable, CustomStringConvertible {
    public let date: Date
    /// The text the caller sent, kept so encoding gives back exactly what came in.
    private let text: String

    public init(parsing text: String) throws(TimestampError) {
        let bytes = Array(text.utf8)
        // RFC 3339 needs a full date, a "T" and an explicit offset; Foundation's parser is lenient about the rest.
        guard bytes.count >= 20, bytes.count <= 40, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
              let date = try? Date(text.uppercased(), strategy: .iso8601)
        else { throw .notRFC3339(text) }
        self.date = date
        self.text = text
    }

    public var description: String { text }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Timestamp(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

public enum TimestampError: Error, Sendable, Hashable, CustomStringConvertible {
    case notRFC3339(String)

    public var description: String {
        switch self {
        case .notRFC3339(let text): "\"\(text)\" is not an RFC 3339 time like \"2026-03-06T09:00:00Z\""
        }
    }
}
