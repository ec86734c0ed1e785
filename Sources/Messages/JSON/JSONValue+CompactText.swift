import Foundation
import Template

extension JSONValue {
    /// The value as `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` writes it, byte
    /// for byte (the form the outbox records and callers compare), written straight into one buffer:
    /// going through `Encodable` and `JSONEncoder` was a sixth of composing a message.
    package var compactText: String {
        var output = OutputBuffer(capacity: 1_024)
        write(into: &output)
        return output.string
    }

    private func write(into output: inout OutputBuffer) {
        switch self {
        case .null: output.append("null")
        case .bool(let value): output.append(value ? "true" : "false")
        case .integer(let value): output.append(String(value))
        case .number(let value): output.append(value.description)
        case .string(let value): Self.writeString(value, into: &output)
        case .array(let items):
            output.append("[")
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(",") }
                item.write(into: &output)
            }
            output.append("]")
        case .object(let members):
            output.append("{")
            // The pairs sorted, not the keys: looking each value up again hashed every key twice.
            for (index, member) in members.sorted(by: { Self.sortsBefore($0.key, $1.key) }).enumerated() {
                if index > 0 { output.append(",") }
                Self.writeString(member.key, into: &output)
                output.append(":")
                member.value.write(into: &output)
            }
            output.append("}")
        }
    }

    /// `JSONEncoder`'s `.sortedKeys` order.
    private static func sortsBefore(_ first: String, _ second: String) -> Bool {
        first < second
    }

    private static func writeString(_ text: String, into output: inout OutputBuffer) {
        output.append("\"")
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                output.append(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                output.append(escape(byte))
                runStart = index + 1
            }
            output.append(UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        output.append("\"")
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
