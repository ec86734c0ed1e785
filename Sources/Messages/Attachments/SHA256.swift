import CCrypto

/// SHA-256 through libcrypto (already linked for DKIM), for the digests the outbox records.
public enum SHA256 {
    /// The digest of `bytes` as lower-case hex. EVP_Digest fails only when libcrypto cannot
    /// allocate; the digest is then reported as empty rather than trapping on caller data.
    public static func hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        guard status == 1 else { return "" }
        return String(decoding: LowercaseHex.digits(of: digest.prefix(Int(length))), as: UTF8.self)
    }
}
