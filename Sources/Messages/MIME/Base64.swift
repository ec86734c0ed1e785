import Foundation

/// Base64 decoding for the `B` form of encoded-words that other mailers write.
enum Base64 {
    static func decode(_ text: String) -> [UInt8]? {
        Data(base64Encoded: text).map { Array($0) }
    }
}
