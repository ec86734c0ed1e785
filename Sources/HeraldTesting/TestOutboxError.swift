/// Why a test's question about the outbox has no answer.
public enum TestOutboxError: Error, CustomStringConvertible, Sendable {
    /// The outbox file exists but could not be read, or holds a line that is not an outbox record.
    case unreadable(path: String, detail: String)
    /// `HERALD_OUTBOX` (read by `TestOutbox()`) is not a valid setting.
    case invalidSetting(String)
    case notExactlyOne(OutboxFilter, found: Int)
    case timedOut(OutboxFilter, after: Duration)
    /// The line has no `context` (the message was composed without one).
    case noContext(id: String)
    case contextMismatch(id: String, type: String, detail: String)
    /// No attachment of the message has this file name.
    case noAttachment(id: String, filename: String)
    /// The eml does not hold the attachment's bytes where its record says, or they do not match its SHA-256.
    case attachmentUnreadable(id: String, filename: String, detail: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let detail): "cannot read the outbox \(path): \(detail)"
        case .invalidSetting(let detail): "invalid outbox setting: \(detail)"
        case .notExactlyOne(let filter, let found): "expected exactly one outbox message with \(filter), found \(found)"
        case .timedOut(let filter, let after): "no outbox message with \(filter) within \(after)"
        case .noContext(let id): "outbox message \(id) has no recorded context"
        case .contextMismatch(let id, let type, let detail): "context of outbox message \(id) does not decode as \(type): \(detail)"
        case .noAttachment(let id, let filename): "outbox message \(id) has no attachment named \"\(filename)\""
        case .attachmentUnreadable(let id, let filename, let detail): "attachment \"\(filename)\" of outbox message \(id): \(detail)"
        }
    }
}
