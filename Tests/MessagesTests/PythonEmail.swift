import Foundation
import TestSupport

/// An independent reader of composed headers: Python's `email` package (RFC 5322 + RFC 2047 with
/// the modern policy), so a header Herald writes is checked by software other than its own.
enum PythonEmail {
    private static let script = """
        import sys
        from email import message_from_string, policy
        header = sys.stdin.read()
        address = message_from_string("From: " + header + "\\r\\n\\r\\n", policy=policy.default)["From"].addresses[0]
        sys.stdout.write(address.display_name + "\\n" + address.addr_spec)
        """

    /// `[display name, address]` as Python reads the `From`-style header value, or `["error", …]`.
    static func mailbox(_ headerValue: String) -> [String] {
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.run(
                URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", script], stdin: Data(headerValue.utf8), timeout: 60)
        } catch {
            return ["error", "python3 did not start: \(error)"]
        }
        guard result.status == 0 else { return ["error", "python3 exited \(result.status): \(result.stderr)"] }
        return result.stdout.components(separatedBy: "\n")
    }
}

extension PythonEmail {
    private static let messageScript = """
        import sys, json, hashlib
        from email import message_from_bytes, policy
        message = message_from_bytes(sys.stdin.buffer.read(), policy=policy.default)
        defects = [type(d).__name__ for part in message.walk() for d in part.defects]
        body = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        reply_to = message["Reply-To"]
        attachments = [{"filename": part.get_filename(), "contentType": part.get_content_type(),
                        "disposition": part.get_content_disposition(),
                        "size": len(part.get_content()), "sha256": hashlib.sha256(part.get_content()).hexdigest()}
                       for part in message.iter_attachments()]
        json.dump({"contentType": message.get_content_type(), "defects": defects,
                   "text": body.get_content() if body else None, "html": html.get_content() if html else None,
                   "autoSubmitted": message["Auto-Submitted"],
                   "replyTo": [a.addr_spec for a in reply_to.addresses] if reply_to is not None else [],
                   "attachments": attachments,
                   "structure": [part.get_content_type() for part in message.walk()]}, sys.stdout)
        """

    /// A whole message as Python's `email` (policy=default) reads it: its defects in every part,
    /// the text body it picks, and each attachment's decoded name, type, size and digest.
    struct Message: Decodable {
        struct Attachment: Decodable, Equatable {
            var filename: String?
            var contentType: String
            var disposition: String?
            var size: Int
            var sha256: String
        }

        var contentType: String
        var defects: [String]
        var text: String?
        var html: String?
        var autoSubmitted: String?
        /// The addresses of `Reply-To`, as Python's address parser reads them.
        var replyTo: [String]
        var attachments: [Attachment]
        var structure: [String]
    }

    enum Failure: Error {
        case python(String)
    }

    static func parse(_ eml: String) throws -> Message {
        let result = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", messageScript], stdin: Data(eml.utf8), timeout: 60)
        guard result.status == 0 else { throw Failure.python("python3 exited \(result.status): \(result.stderr.suffix(800))") }
        return try JSONDecoder().decode(Message.self, from: Data(result.stdout.utf8))
    }
}
