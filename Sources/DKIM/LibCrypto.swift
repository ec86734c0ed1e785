import CCrypto

/// The few libcrypto calls DKIM needs beyond the key itself: SHA-256 and libcrypto's error text.
enum LibCrypto {
    static func sha256(_ bytes: [UInt8]) throws(DKIMError) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        guard status == 1 else { throw .cryptoFailure(detail: lastError()) }
        return Array(digest.prefix(Int(length)))
    }

    /// The oldest queued libcrypto error as text, clearing the queue so the next call starts clean.
    static func lastError() -> String {
        let code = ERR_get_error()
        defer { ERR_clear_error() }
        guard code != 0 else { return "unknown error" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
