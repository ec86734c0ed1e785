/// Why a DKIM key could not be loaded or a message could not be signed.
public enum DKIMError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key text is not a PEM private key libcrypto can read (`detail` is libcrypto's reason).
    case unreadableKey(detail: String)
    /// The key is encrypted; Herald never prompts for a passphrase.
    case encryptedKey
    /// The key is not RSA (DKIM's `rsa-sha256` is what every verifier accepts).
    case notRSA
    /// The key is shorter than 2048 bits (RFC 8301 deprecates 1024-bit keys).
    case keyTooShort(bits: Int)
    /// A domain or selector that is not a DNS name of letters, digits, `-` and `.`.
    case invalidName(field: String, value: String)
    /// No selector was given.
    case noKeys
    /// The message has no header/body separator or no `From`, which DKIM requires.
    case malformedMessage(String)
    /// libcrypto refused to hash or sign (`detail` is its reason).
    case cryptoFailure(detail: String)

    public var description: String {
        switch self {
        case .unreadableKey(let detail): "not a PEM private key: \(detail)"
        case .encryptedKey: "the key is encrypted; give an unencrypted PEM key (file permissions protect it)"
        case .notRSA: "not an RSA key; DKIM signing uses rsa-sha256"
        case .keyTooShort(let bits): "the RSA key has \(bits) bits; at least 2048 are required"
        case .invalidName(let field, let value): "\(field) \"\(value)\" is not a DNS name (letters, digits, '-', '.')"
        case .noKeys: "no DKIM selector and key given"
        case .malformedMessage(let reason): "cannot sign the message: \(reason)"
        case .cryptoFailure(let detail): "libcrypto failed: \(detail)"
        }
    }
}
