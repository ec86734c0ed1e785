/// A file sent with a message (the invoice PDF), as the send request's `attachments[i]` gave it,
/// checked by `AttachmentReader`: a safe file name, an allowed content type, the decoded bytes.
public struct Attachment: Sendable, Hashable {
    /// The name a mail client offers to save it as: no path, no control characters (README "Attachments").
    public var filename: String
    /// A lower-case `type/subtype` from `AttachmentLimits.allowedContentTypes`, without parameters.
    public var contentType: String
    /// The file's bytes (decoded from the request's base64).
    public var content: [UInt8]

    public init(filename: String, contentType: String, content: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.content = content
    }

    /// What the spool and the outbox record about it (the bytes themselves are in the eml).
    public var summary: AttachmentSummary {
        AttachmentSummary(filename: filename, contentType: contentType, size: content.count, sha256: SHA256.hex(content))
    }
}
