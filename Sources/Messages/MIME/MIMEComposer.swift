import Foundation
import Template

/// Turns rendered parts into an RFC 5322 / MIME message: `multipart/alternative` with the text part
/// first and the HTML part second, UTF-8 quoted-printable bodies, RFC 2047 headers, CRLF line ends.
/// With attachments, a `multipart/mixed` holds the alternative first and one part per attachment
/// after it (`AttachmentPart`); without, the message is exactly the alternative.
/// The output depends only on its inputs (id and date included), so golden files diff cleanly.
package struct MIMEComposer: Sendable {
    package init() {}

    /// The parts of one message before composition.
    package struct Parts: Sendable, Hashable {
        package var from: EmailAddress
        package var to: [EmailAddress]
        package var subject: String
        package var text: String
        package var html: String
        /// Herald's message id: letters, digits, `.`, `_` and `-` (it becomes part of `Message-ID`).
        package var id: String
        package var date: Date
        /// Where replies go (`Reply-To`): `From` is a no-reply address, the brand's support address answers.
        package var replyTo: EmailAddress?
        /// The right side of `Message-ID`; nil uses the sender's domain.
        package var messageIDDomain: String?
        /// Checked by `AttachmentReader` (safe names, allowed types, within the limits).
        package var attachments: [Attachment]

        package init(
            from: EmailAddress, to: [EmailAddress], subject: String, text: String, html: String, id: String, date: Date,
            replyTo: EmailAddress? = nil, messageIDDomain: String? = nil, attachments: [Attachment] = []
        ) {
            self.replyTo = replyTo
            self.messageIDDomain = messageIDDomain
            self.from = from
            self.to = to
            self.subject = subject
            self.text = text
            self.html = html
            self.id = id
            self.date = date
            self.attachments = attachments
        }
    }

    /// The message and the headers the outbox records.
    package struct Output: Sendable, Hashable {
        package var eml: String
        package var headers: [String: String]
    }

    package func compose(_ parts: Parts) throws(MIMEError) -> Output {
        guard !parts.id.isEmpty, parts.id.utf8.count <= 100,
              parts.id.utf8.allSatisfy({ Self.idBytes.contains($0) })
        else { throw .invalidMessageID(parts.id) }
        for mailbox in [parts.from] + parts.to + (parts.replyTo.map { [$0] } ?? []) {
            if let problem = AddressValidator.problem(with: mailbox.email) { throw .invalidAddress(mailbox.email, problem) }
            if let name = mailbox.name, name.containsLineBreak { throw .lineBreakInHeader("display name") }
        }
        guard !parts.to.isEmpty else { throw .noRecipients }
        guard !parts.subject.containsLineBreak else { throw .lineBreakInHeader("Subject") }

        if let domain = parts.messageIDDomain, let problem = Self.domainProblem(domain) { throw .invalidMessageIDDomain(domain, problem) }
        let domain = parts.messageIDDomain ?? Self.domain(of: parts.from.email)
        let messageID = "<\(parts.id)@\(domain)>"
        let date = RFC5322Date.format(parts.date)
        // "=_" never occurs in quoted-printable or base64 text, so fixed boundaries cannot collide with a body.
        let boundary = "=_herald_alternative"
        let mixedBoundary = "=_herald_mixed"

        // One buffer for the whole message, made a `String` once: building it by `String` appends
        // and a string per encoded body was a quarter of compose time.
        let attachmentBytes = parts.attachments.reduce(0) { $0 + $1.content.count }
        var eml = OutputBuffer(capacity: (parts.text.utf8.count + parts.html.utf8.count) * 11 / 10 + attachmentBytes / 3 * 4 + attachmentBytes / 38 + 1024)
        eml.append(mailboxHeader("From", [parts.from]))
        eml.append("\r\n")
        eml.append(mailboxHeader("To", parts.to))
        eml.append("\r\n")
        var subject = HeaderLine(name: "Subject")
        for token in MailboxFormatter.unstructuredTokens(parts.subject, firstLineRoom: subject.roomOnFirstLine) {
            subject.append(token)
        }
        eml.append(subject.bytes)
        eml.append("\r\n")
        if let replyTo = parts.replyTo {
            eml.append(mailboxHeader("Reply-To", [replyTo]))
            eml.append("\r\n")
        }
        eml.append("Date: ")
        eml.append(date)
        eml.append("\r\nMessage-ID: ")
        eml.append(messageID)
        eml.append("\r\nMIME-Version: 1.0\r\n")
        // RFC 3834: vacation responders and other auto-repliers must not answer payment mail.
        eml.append("Auto-Submitted: auto-generated\r\n")
        if !parts.attachments.isEmpty {
            eml.append("Content-Type: multipart/mixed;\r\n boundary=\"\(mixedBoundary)\"\r\n")
            guard eml.count <= Self.maximumHeaderBytes else { throw .headerTooLarge(eml.count) }
            eml.append("\r\n--\(mixedBoundary)\r\n")
        }
        eml.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"\r\n")
        guard eml.count <= Self.maximumHeaderBytes else { throw .headerTooLarge(eml.count) }
        eml.append("\r\n")
        for (type, body) in [("text/plain", parts.text), ("text/html", parts.html)] {
            eml.append("--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
            // The CRLF before a boundary belongs to the boundary (RFC 2046), so a body's own final
            // line break survives the round trip.
            QuotedPrintable.encode(body, into: &eml)
            eml.append("\r\n")
        }
        eml.append("--\(boundary)--\r\n")
        if !parts.attachments.isEmpty {
            for attachment in parts.attachments {
                eml.append("--\(mixedBoundary)\r\n")
                eml.append(AttachmentPart.text(attachment))
            }
            eml.append("--\(mixedBoundary)--\r\n")
        }
        var headers = ["Message-ID": messageID, "Date": date, "MIME-Version": "1.0", "Auto-Submitted": "auto-generated"]
        if let replyTo = parts.replyTo { headers["Reply-To"] = replyTo.name.map { "\($0) <\(replyTo.email)>" } ?? replyTo.email }
        return Output(eml: eml.string, headers: headers)
    }

    /// The domain of an address the validator accepted (it has exactly one `@` outside quotes, the last one).
    static func domain(of address: String) -> String {
        guard let at = address.utf8.lastIndex(of: UInt8(ascii: "@")) else { return address }
        return String(address[address.utf8.index(after: at)...])
    }

    /// Nil when `domain` can be the right side of a `Message-ID` (RFC 5322 `dot-atom-text` of LDH labels); otherwise why not.
    package static func domainProblem(_ domain: String) -> String? {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard !domain.isEmpty, domain.utf8.count <= 253 else { return "must be 1 to 253 characters" }
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63 else { return "has an empty or over-long label" }
            guard label.utf8.allSatisfy({ ldhBytes.contains($0) }), label.first != "-", label.last != "-" else {
                return "may only contain letters, digits and inner hyphens between dots"
            }
        }
        return nil
    }

    private static let ldhBytes = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".utf8)

    private func mailboxHeader(_ name: String, _ mailboxes: [EmailAddress]) -> [UInt8] {
        var line = HeaderLine(name: name)
        for (index, mailbox) in mailboxes.enumerated() {
            for (tokenIndex, token) in MailboxFormatter.mailboxTokens(mailbox, firstLineRoom: line.roomOnFirstLine).enumerated() {
                line.append(token, after: index > 0 && tokenIndex == 0 ? "," : "")
            }
        }
        return line.bytes
    }

    /// The largest header block written, in bytes: below the 100 KiB (102,400 bytes) that common
    /// mail servers keep of a message header (Postfix's `header_size_limit` truncates the rest).
    /// Caller limits keep every request well inside it (50 recipients with 200-byte names and the
    /// longest subject come to about 70 KB); this guards the operator's settings (`HERALD_BRAND_NAME`).
    package static let maximumHeaderBytes = 96 * 1_024

    private static let idBytes = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-".utf8)
}

/// Why a message could not be composed (caller data is validated before this; these guard Herald's own inputs).
public enum MIMEError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidMessageID(String)
    case invalidMessageIDDomain(String, String)
    case invalidAddress(String, String)
    case lineBreakInHeader(String)
    case noRecipients
    case headerTooLarge(Int)

    public var description: String {
        switch self {
        case .invalidMessageID(let id): "message id \"\(id)\" may only contain letters, digits, '.', '_' and '-'"
        case .invalidMessageIDDomain(let domain, let problem): "Message-ID domain \"\(domain)\" \(problem)"
        case .invalidAddress(let address, let problem): "address \"\(address)\" \(problem)"
        case .lineBreakInHeader(let header): "\(header) contains a line break"
        case .noRecipients: "a message needs at least one recipient"
        case .headerTooLarge(let bytes): "the header is \(bytes) bytes, more than the \(MIMEComposer.maximumHeaderBytes) mail servers are sure to keep"
        }
    }
}
