import Foundation

/// An absolute link a message points to: `https`, or `http` only for localhost during development.
public struct WebLink: Sendable, Hashable, Codable, CustomStringConvertible, TextCodable {
    public let url: URL
    /// Longer than any link a person follows (browsers and mail clients cut near 2,000–8,000 bytes).
    public static let maximumLength = 4_096

    public init(parsing text: String) throws(WebLinkError) {
        guard text.utf8.count <= Self.maximumLength else { throw .tooLong(text) }
        guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || (0x7F...0x9F).contains($0.value) }),
              let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty
        else { throw .notAbsolute(text) }
        let isLocal = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased())
        guard scheme == "https" || (scheme == "http" && isLocal) else { throw .insecure(text) }
        self.url = url
    }

    public var description: String { url.absoluteString }
}

public enum WebLinkError: Error, Sendable, Hashable, CustomStringConvertible {
    case notAbsolute(String)
    case insecure(String)
    case tooLong(String)

    public var description: String {
        switch self {
        case .notAbsolute: "is not an absolute URL"
        case .insecure: "must be an https URL (http only for localhost)"
        case .tooLong: "is longer than \(WebLink.maximumLength) bytes"
        }
    }
}
