import Foundation

extension JSONValue {
    /// The value as `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` writes it, byte
    /// for byte (the form the outbox records and callers compare), written straight into one array
    /// of bytes: going through `Encodable` and `JSONEncoder` was a sixth of composing a message,
    /// appending punctuation as `String`s most of what was left.
    package var compactText: String {
        var output: [UInt8] = []
        output.reserveCapacity(1_024)
        write(into: &output)
        return String(renderedBytes: output)
    }

    private func write(into output: inout [UInt8]) {
        switch self {
        case .null: Self.append("null", to: &output)
        case .bool(let value): Self.append(value ? "true" : "false", to: &output)
        case .integer(let value): Self.append(String(value), to: &output)
        case .number(let value): Self.append(value.description, to: &output)
        case .string(let value): Self.writeString(value, into: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                item.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            // The pairs sorted, not the keys: looking each value up again hashed every key twice.
            for (index, member) in members.sorted(by: { Self.sortsBefore($0.key, $1.key) }).enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                member.value.write(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// `JSONEncoder`'s `.sortedKeys` order.
    private static func sortsBefore(_ first: String, _ second: String) -> Bool {
        first < second
    }

    private static func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    private static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                append(escape(byte), to: &output)
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func escape(_ byte: UInt8) -> String {
        switch byte {
        case 0x22: "\\\""
        case 0x5C: "\\\\"
        case 0x08: "\\b"
        case 0x0C: "\\f"
        case 0x0A: "\\n"
        case 0x0D: "\\r"
        case 0x09: "\\t"
        default: "\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
        }
    }
}
