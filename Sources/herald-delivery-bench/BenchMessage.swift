import Messages

/// A composed message of about `bytes` bytes, like a rendered Herald mail.
enum BenchMessage {
    static func make(bytes: Int) -> ComposedMessage {
        let line = "Your installment of 200.00 EUR for Product was paid. Thank you for your trust.\r\n"
        let body = String(repeating: line, count: max(1, bytes / line.utf8.count))
        let eml = "From: Herald <no-reply@example.org>\r\nTo: Zoe <zoe@example.com>\r\nSubject: Installment paid\r\n"
            + "Message-ID: <bench@herald.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body
        return ComposedMessage(
            id: "bench", message: "installment-paid", locale: "en", key: nil,
            from: EmailAddress(email: "no-reply@example.org", name: "Herald"), to: [EmailAddress(email: "zoe@example.com")],
            subject: "Installment paid", text: body, html: "<p>paid</p>", headers: ["Message-ID": "<bench@herald.test>"], eml: eml)
    }
}
