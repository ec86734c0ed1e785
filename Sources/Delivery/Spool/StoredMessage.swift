import Foundation
import Messages

/// How the SQLite store keeps a composed message: length-prefixed UTF-8 fields in a fixed order
/// behind a format byte, so storing a message is a few copies and reading one back validates UTF-8
/// instead of parsing and unescaping JSON (the HTML part and the eml are most of a message, and
/// `JSONDecoder` cost ≈ 500,000 instructions per message for them; see the README's delivery
/// benchmarks). Rows written before this format hold the message's JSON, which starts with `{`:
/// `decode` still reads those.
///
/// Layout after the format byte: strings are a LEB128 length and the bytes; an optional is a `0` or
/// `1` byte and then the value; a list is a LEB128 count and the items. Fields: id, message, locale,
/// key?, from, to[], subject, text, html, headers[] (name, value, sorted by name), eml, context?,
/// attachments?[] (filename, content type, size, sha256). An address is its email and name?.
enum StoredMessage {
    static let format: UInt8 = 1

    static func encode(_ message: ComposedMessage) -> [UInt8] {
        var writer = Writer()
        writer.bytes.reserveCapacity(64 + message.eml.utf8.count + message.html.utf8.count + message.text.utf8.count)
        writer.bytes.append(format)
        writer.string(message.id)
        writer.string(message.message)
        writer.string(message.locale)
        writer.optional(message.key) { $0.string($1) }
        writer.address(message.from)
        writer.list(message.to) { $0.address($1) }
        writer.string(message.subject)
        writer.string(message.text)
        writer.string(message.html)
        writer.list(message.headers.sorted { $0.key < $1.key }) { writer, header in
            writer.string(header.key)
            writer.string(header.value)
        }
        writer.string(message.eml)
        writer.optional(message.context) { $0.string($1) }
        writer.optional(message.attachments) { writer, attachments in
            writer.list(attachments) { writer, attachment in
                writer.string(attachment.filename)
                writer.string(attachment.contentType)
                writer.unsigned(UInt64(clamping: attachment.size))
                writer.string(attachment.sha256)
            }
        }
        return writer.bytes
    }

    /// The message in `bytes`, in this format or as the JSON of earlier rows.
    static func decode(_ bytes: [UInt8]) throws(StoredMessageError) -> ComposedMessage {
        guard let first = bytes.first else { throw .truncated(field: "format") }
        if first == UInt8(ascii: "{") {
            do {
                return try JSONDecoder().decode(ComposedMessage.self, from: Data(bytes))
            } catch {
                throw .invalidJSON("\(error)")
            }
        }
        guard first == format else { throw .unknownFormat(first) }
        var reader = Reader(bytes: bytes, offset: 1)
        let id = try reader.string("id")
        let kind = try reader.string("message")
        let locale = try reader.string("locale")
        let key = try reader.optional("key") { reader throws(StoredMessageError) in try reader.string("key") }
        let from = try reader.address("from")
        let to = try reader.list("to") { reader throws(StoredMessageError) in try reader.address("to") }
        let subject = try reader.string("subject")
        let text = try reader.string("text")
        let html = try reader.string("html")
        var headers: [String: String] = [:]
        for (name, value) in try reader.list("headers", { reader throws(StoredMessageError) in
            (try reader.string("headers"), try reader.string("headers"))
        }) {
            headers[name] = value
        }
        let eml = try reader.string("eml")
        let context = try reader.optional("context") { reader throws(StoredMessageError) in try reader.string("context") }
        let attachments = try reader.optional("attachments") { reader throws(StoredMessageError) in
            try reader.list("attachments") { reader throws(StoredMessageError) in
                AttachmentSummary(
                    filename: try reader.string("attachments"), contentType: try reader.string("attachments"),
                    size: Int(clamping: try reader.unsigned("attachments")), sha256: try reader.string("attachments"))
            }
        }
        guard reader.offset == bytes.count else { throw .trailingBytes(bytes.count - reader.offset) }
        return ComposedMessage(
            id: id, message: kind, locale: locale, key: key, from: from, to: to, subject: subject, text: text, html: html,
            headers: headers, eml: eml, context: context, attachments: attachments)
    }

    private struct Writer {
        var bytes: [UInt8] = []

        mutating func unsigned(_ value: UInt64) {
            var rest = value
            while rest >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
                rest >>= 7
            }
            bytes.append(UInt8(rest))
        }

        mutating func string(_ value: String) {
            var value = value
            value.withUTF8 { utf8 in
                unsigned(UInt64(utf8.count))
                bytes.append(contentsOf: utf8)
            }
        }

        mutating func address(_ address: EmailAddress) {
            string(address.email)
            optional(address.name) { $0.string($1) }
        }

        mutating func optional<Value>(_ value: Value?, _ write: (inout Writer, Value) -> Void) {
            guard let value else {
                bytes.append(0)
                return
            }
            bytes.append(1)
            write(&self, value)
        }

        mutating func list<Element>(_ elements: [Element], _ write: (inout Writer, Element) -> Void) {
            unsigned(UInt64(elements.count))
            for element in elements { write(&self, element) }
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset: Int

        mutating func unsigned(_ field: String) throws(StoredMessageError) -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard offset < bytes.count else { throw .truncated(field: field) }
                guard shift < 64 else { throw .invalidLength(field: field) }
                let byte = bytes[offset]
                offset += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
        }

        mutating func string(_ field: String) throws(StoredMessageError) -> String {
            let length = try unsigned(field)
            guard length <= UInt64(bytes.count - offset) else { throw .truncated(field: field) }
            let end = offset + Int(length)
            let text = bytes[offset..<end].withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
            guard let text else { throw .invalidUTF8(field: field) }
            offset = end
            return text
        }

        mutating func address(_ field: String) throws(StoredMessageError) -> EmailAddress {
            let email = try string(field)
            return EmailAddress(email: email, name: try optional(field) { reader throws(StoredMessageError) in try reader.string(field) })
        }

        mutating func optional<Value>(_ field: String, _ read: (inout Reader) throws(StoredMessageError) -> Value) throws(StoredMessageError) -> Value? {
            guard offset < bytes.count else { throw .truncated(field: field) }
            let flag = bytes[offset]
            offset += 1
            switch flag {
            case 0: return nil
            case 1: return try read(&self)
            default: throw .invalidFlag(field: field, flag)
            }
        }

        mutating func list<Element>(_ field: String, _ read: (inout Reader) throws(StoredMessageError) -> Element) throws(StoredMessageError) -> [Element] {
            let count = try unsigned(field)
            // Every element takes at least one byte: a larger count is a corrupt length, not a reason to reserve memory.
            guard count <= UInt64(bytes.count - offset) else { throw .truncated(field: field) }
            var elements: [Element] = []
            elements.reserveCapacity(Int(count))
            for _ in 0..<count { elements.append(try read(&self)) }
            return elements
        }
    }
}

/// Why a stored message could not be read back: the store marks that message failed with it.
enum StoredMessageError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownFormat(UInt8)
    case truncated(field: String)
    case invalidLength(field: String)
    case invalidUTF8(field: String)
    case invalidFlag(field: String, UInt8)
    case trailingBytes(Int)
    case invalidJSON(String)

    var description: String {
        switch self {
        case .unknownFormat(let byte): "unknown stored format \(byte)"
        case .truncated(let field): "truncated in \(field)"
        case .invalidLength(let field): "invalid length in \(field)"
        case .invalidUTF8(let field): "invalid UTF-8 in \(field)"
        case .invalidFlag(let field, let flag): "invalid presence flag \(flag) in \(field)"
        case .trailingBytes(let count): "\(count) bytes after the last field"
        case .invalidJSON(let detail): "\(detail)"
        }
    }
}
