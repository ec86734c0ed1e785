import Foundation
import Messages

extension OutboxMessage {
    /// The recorded name, type, size and SHA-256 of the attachment called `filename`.
    public func attachment(named filename: String) throws(TestOutboxError) -> AttachmentSummary {
        guard let found = attachments.first(where: { $0.filename == filename }) else { throw .noAttachment(id: id, filename: filename) }
        return found
    }

    /// The bytes of the attachment called `filename`, decoded from the eml that was delivered and
    /// checked against the recorded SHA-256, so a test can open the very PDF the recipient got.
    /// Herald writes the attachments as the parts after the first of the top `multipart/mixed`, in
    /// the order of `attachments`.
    public func attachmentContent(named filename: String) throws(TestOutboxError) -> [UInt8] {
        let summary = try attachment(named: filename)
        guard let index = attachments.firstIndex(of: summary) else { throw .noAttachment(id: id, filename: filename) }
        func unreadable(_ detail: String) -> TestOutboxError { .attachmentUnreadable(id: id, filename: filename, detail: detail) }
        guard let headerEnd = eml.range(of: "\r\n\r\n"),
              let boundaryStart = eml[..<headerEnd.lowerBound].range(of: "multipart/mixed;\r\n boundary=\"")
        else { throw unreadable("the message is not multipart/mixed") }
        let afterBoundary = eml[boundaryStart.upperBound..<headerEnd.lowerBound]
        guard let quote = afterBoundary.firstIndex(of: "\"") else { throw unreadable("the boundary is not quoted") }
        let delimiter = "\r\n--" + afterBoundary[..<quote]
        let parts = eml[headerEnd.upperBound...].components(separatedBy: delimiter)
        // The alternative (after the first delimiter, which has no CRLF before it), one piece per
        // attachment, then the closing "--".
        guard parts.count == attachments.count + 2 else { throw unreadable("the eml has \(parts.count - 2) attachment parts, the record \(attachments.count)") }
        let part = parts[index + 1]
        guard let bodyStart = part.range(of: "\r\n\r\n") else { throw unreadable("the part has no body") }
        let base64 = part[bodyStart.upperBound...].replacingOccurrences(of: "\r\n", with: "")
        guard let data = Data(base64Encoded: base64) else { throw unreadable("the part's body is not base64") }
        let bytes = Array(data)
        guard SHA256.hex(bytes) == summary.sha256 else { throw unreadable("the bytes do not match the recorded SHA-256") }
        return bytes
    }
}
