import Foundation

/// Base64 (RFC 4648): lenient decoding for the `B` form of encoded-words that other mailers write,
/// strict decoding for what callers send, and the wrapped encoding MIME bodies use.
enum Base64 {
    static func decode(_ text: String) -> [UInt8]? {
        Data(base64Encoded: text).map { Array($0) }
    }

    /// Why a caller's base64 was refused.
    enum StrictProblem: Error, Equatable {
        /// A byte outside `A–Z a–z 0–9 + /` and final `=` padding (whitespace and line breaks included), at a 0-based offset.
        case invalidCharacter(offset: Int)
        /// The length is not a multiple of 4 (padding missing or extra).
        case badLength(Int)
        /// `=` other than one or two at the very end.
        case misplacedPadding(offset: Int)
    }

    /// The decoded size of strict base64 `text`, checked character by character without decoding it,
    /// so a limit is enforced before any memory is spent on the bytes.
    static func strictDecodedCount(_ text: String) -> Result<Int, StrictProblem> {
        let bytes = text.utf8
        var padding = 0
        for (offset, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            if padding > 0 { return .failure(.misplacedPadding(offset: offset - padding)) }
            guard alphabetValue(byte) != nil else { return .failure(.invalidCharacter(offset: offset)) }
        }
        guard bytes.count % 4 == 0 else { return .failure(.badLength(bytes.count)) }
        guard padding <= 2 else { return .failure(.misplacedPadding(offset: bytes.count - padding)) }
        return .success(bytes.count / 4 * 3 - padding)
    }

    /// Decodes text that `strictDecodedCount` accepted.
    static func strictDecode(_ text: String) -> [UInt8]? {
        guard case .success = strictDecodedCount(text) else { return nil }
        return Data(base64Encoded: text).map { Array($0) }
    }

    /// `bytes` as base64 in lines of 76 characters, each ending in CRLF (RFC 2045 §6.8).
    static func encodeWrapped(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            + (bytes.isEmpty ? "" : "\r\n")
    }

    private static func alphabetValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
