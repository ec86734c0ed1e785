import CCrypto

/// HMAC-SHA256 (RFC 2104) through the system libcrypto, as webhook signatures need it: the same
/// library DKIM signs with, so Herald carries no hash code of its own. Checked against RFC 4231.
public enum HMACSHA256 {
    /// The 32-byte MAC of `message` under `key`; nil only if libcrypto fails (out of memory).
    public static func mac(key: [UInt8], message: [UInt8]) -> [UInt8]? {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard let keyLength = Int32(exactly: key.count) else { return nil }
        let result = key.withUnsafeBytes { keyBytes in
            message.withUnsafeBufferPointer { input in
                digest.withUnsafeMutableBufferPointer { output in
                    HMAC(EVP_sha256(), keyBytes.baseAddress, keyLength, input.baseAddress, input.count, output.baseAddress, &length)
                }
            }
        }
        guard result != nil, length == 32 else { return nil }
        return Array(digest.prefix(32))
    }
}
