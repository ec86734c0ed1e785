import Foundation
import Messages

/// Small hand-made but valid messages and scratch directories for the delivery tests.
enum Fixtures {
    static func message(
        id: String = "msg-" + UUID().uuidString.lowercased(), key: String? = nil, to: String = "zoe@example.com",
        subject: String = "Your installment was paid", body: String = "Hello Zoë,\r\nyour payment of 200.00 EUR arrived.\r\n.leading dot stays\r\n"
    ) -> ComposedMessage {
        let eml = [
            "From: Herald <no-reply@example.org>",
            "To: Zoe <\(to)>",
            "Subject: \(subject)",
            "Message-ID: <\(id)@herald.test>",
            "Date: Sun, 22 Nov 2026 04:00:00 +0000",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            body,
        ].joined(separator: "\r\n")
        return ComposedMessage(
            id: id, message: "installment-paid", locale: "en", key: key,
            from: EmailAddress(email: "no-reply@example.org", name: "Herald"),
            to: [EmailAddress(email: to, name: "Zoe")], subject: subject, text: body, html: "<p>\(body)</p>",
            headers: ["Message-ID": "<\(id)@herald.test>"], eml: eml)
    }

    /// A fresh directory under the system temporary directory, removed by the caller's `defer`.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "herald-delivery-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The folder of test support files copied as resources (smtpd.py).
    static var supportDirectory: String {
        (Bundle.module.resourceURL ?? URL(fileURLWithPath: ".")).appendingPathComponent("Support").path
    }
}
