import Foundation
import FuzzSupport
import Messages

/// Address parsing: a recipient (`{"email","name"}`) or a configured mailbox (`HERALD_FROM`) that
/// is accepted, written into `To`/`From` by the composer, must read back as the same address and
/// display name; the header holds no CR or LF except folding and no encoded-word-like text outside
/// the display name. A configured mailbox in RFC 5322 syntax must mean what RFC 5322 says it means.
@main enum FuzzAddress {
    static func main() { FuzzDriver.run(fuzzOneInput) }

    private static let sender = EmailAddress(email: "no-reply@example.com", name: "Herald")
    private static let recipient = EmailAddress(email: "someone@example.com")

    static func check(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        if input.bool() {
            let email = String(decoding: input.bytes(upTo: 300), as: UTF8.self)
            let name = input.rest()
            var members: [String: JSONValue] = ["email": .string(email)]
            if !name.isEmpty { members["name"] = .string(String(decoding: name, as: UTF8.self)) }
            guard let mailbox = try? AddressValidator.mailbox(.object(members), at: FieldPath("to[0]")) else { return }
            checkRoundTrip(mailbox, as: "To")
        } else {
            let text = String(decoding: input.rest(), as: UTF8.self)
            guard let mailbox = try? AddressValidator.parseMailbox(text) else { return }
            // Runs of spaces between the atoms of an unquoted name are one space in RFC 5322; keeping
            // them is harmless, so only the meaning of quoting and escaping is compared.
            if let meant = MailboxReader.mailbox(text.trimmingCharacters(in: .whitespaces)), text.contains("\"") {
                fuzzRequire(meant == mailbox, "parseMailbox(\(text)) is \(mailbox), RFC 5322 reads \(meant)")
            }
            checkRoundTrip(mailbox, as: "From")
        }
    }

    private static func checkRoundTrip(_ mailbox: EmailAddress, as header: String) {
        let parts = MIMEComposer.Parts(
            from: header == "From" ? mailbox : sender, to: header == "To" ? [mailbox] : [recipient],
            subject: "s", text: "t", html: "h", id: "fuzz", date: Date(timeIntervalSince1970: 0))
        let eml: String
        do {
            eml = try MIMEComposer().compose(parts).eml
        } catch {
            fuzzRequire(false, "accepted mailbox \(mailbox) is refused by the composer: \(error)")
            return
        }
        let parsed: ParsedEmail
        do {
            parsed = try ParsedEmail(parsing: eml)
        } catch {
            fuzzRequire(false, "message with \(mailbox) does not parse back: \(error)")
            return
        }
        guard let raw = parsed.headers.first(where: { $0.name == header })?.value else {
            fuzzRequire(false, "no \(header) header for \(mailbox)")
            return
        }
        let unfolded = raw.replacingOccurrences(of: "\r\n ", with: " ")
        fuzzRequire(!unfolded.utf8.contains(where: { $0 == 13 || $0 == 10 }), "CR or LF in \(header) header: \(Array(raw.utf8))")
        fuzzRequire(raw.utf8.split(separator: 10).allSatisfy { $0.count <= 998 }, "\(header) header line over 998 bytes")
        let readBack = MailboxReader.mailbox(unfolded)
        fuzzRequire(readBack == mailbox, "\(header): \(unfolded) reads back as \(String(describing: readBack)), not \(mailbox)")
        fuzzRequire(!mailbox.email.contains("=?"), "address with encoded-word-like text \(mailbox.email) written raw in \(header)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzAddress.check(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
