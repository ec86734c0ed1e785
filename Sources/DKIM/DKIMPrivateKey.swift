import CCrypto
import Foundation

/// An RSA private key (2048 bits or more) that signs with RSASSA-PKCS1-v1_5 over SHA-256, the
/// `rsa-sha256` of RFC 6376 that every receiver verifies.
///
/// The key is read once at startup. libcrypto's `EVP_PKEY` is not mutated by signing (each signature
/// uses its own `EVP_MD_CTX`), so one key signs from any number of threads.
public final class DKIMPrivateKey: @unchecked Sendable, Equatable {
    private let key: OpaquePointer
    /// The modulus length in bits.
    public let bits: Int

    /// Reads a PEM private key (`BEGIN PRIVATE KEY` or `BEGIN RSA PRIVATE KEY`).
    public init(pem: String) throws(DKIMError) {
        if pem.contains("ENCRYPTED") { throw .encryptedKey }
        let bytes = Array(pem.utf8)
        let loaded: OpaquePointer? = bytes.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(clamping: buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_PrivateKey(bio, nil, ccrypto_no_passphrase, nil)
        }
        guard let loaded else { throw .unreadableKey(detail: LibCrypto.lastError()) }
        guard EVP_PKEY_get_base_id(loaded) == EVP_PKEY_RSA else {
            EVP_PKEY_free(loaded)
            throw .notRSA
        }
        let bits = Int(EVP_PKEY_get_bits(loaded))
        guard bits >= 2048 else {
            EVP_PKEY_free(loaded)
            throw .keyTooShort(bits: bits)
        }
        self.key = loaded
        self.bits = bits
    }

    deinit { EVP_PKEY_free(key) }

    /// Two keys are equal when their public halves are (configuration compares loaded keys this way).
    public static func == (left: DKIMPrivateKey, right: DKIMPrivateKey) -> Bool {
        left === right || ((try? left.dnsRecord()) ?? "left") == ((try? right.dnsRecord()) ?? "right")
    }

    /// The RSASSA-PKCS1-v1_5 SHA-256 signature of `data`.
    public func sign(_ data: [UInt8]) throws(DKIMError) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw .cryptoFailure(detail: LibCrypto.lastError()) }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else {
            throw .cryptoFailure(detail: LibCrypto.lastError())
        }
        var length = 0
        let sized = data.withUnsafeBufferPointer { EVP_DigestSign(context, nil, &length, $0.baseAddress, $0.count) }
        guard sized == 1 else { throw .cryptoFailure(detail: LibCrypto.lastError()) }
        var signature = [UInt8](repeating: 0, count: length)
        let signed = data.withUnsafeBufferPointer { input in
            signature.withUnsafeMutableBufferPointer { EVP_DigestSign(context, $0.baseAddress, &length, input.baseAddress, input.count) }
        }
        guard signed == 1 else { throw .cryptoFailure(detail: LibCrypto.lastError()) }
        return Array(signature.prefix(length))
    }

    /// The DNS TXT record that publishes the public half (`v=DKIM1; k=rsa; p=<base64 SubjectPublicKeyInfo>`),
    /// what an operator puts at `<selector>._domainkey.<domain>`.
    public func dnsRecord() throws(DKIMError) -> String {
        var output: UnsafeMutablePointer<UInt8>?
        let length = i2d_PUBKEY(key, &output)
        guard length > 0, let output else { throw .cryptoFailure(detail: LibCrypto.lastError()) }
        defer { CRYPTO_free(output, #file, #line) }
        let der = Data(UnsafeBufferPointer(start: output, count: Int(length)))
        return "v=DKIM1; k=rsa; p=\(der.base64EncodedString())"
    }
}
