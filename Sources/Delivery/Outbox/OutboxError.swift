/// Why the outbox could not be written or read.
public enum OutboxError: Error, CustomStringConvertible, Sendable, Hashable {
    case file(FileSystemError)
    case invalidContext(id: String, detail: String)
    /// A complete (newline-terminated) line that is not a valid record: the file was edited or corrupted.
    case corruptLine(path: String, line: Int, detail: String)

    public var description: String {
        switch self {
        case .file(let error): "outbox: \(error)"
        case .invalidContext(let id, let detail): "outbox: context of message \(id) is not a JSON object: \(detail)"
        case .corruptLine(let path, let line, let detail): "\(path):\(line): not an outbox record: \(detail)"
        }
    }
}
