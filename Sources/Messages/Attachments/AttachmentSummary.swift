/// One attachment as the outbox and status records show it: enough to assert "the invoice went
/// out" (name, type, size, digest) without carrying the bytes twice; they are in the eml.
public struct AttachmentSummary: Codable, Sendable, Hashable {
    public var filename: String
    public var contentType: String
    /// Decoded size in bytes.
    public var size: Int
    /// SHA-256 of the decoded bytes, lower-case hex.
    public var sha256: String

    public init(filename: String, contentType: String, size: Int, sha256: String) {
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
    }
}
