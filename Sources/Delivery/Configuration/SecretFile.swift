import Foundation
import Glibc

/// A secret (API token, SMTP password, DKIM key) read from a file, so it never appears on a command
/// line where `ps` shows it. A token or password is one line; a trailing line break is trimmed.
public enum SecretFile {
    /// More than this is not a token or a password but the wrong file (or `/dev/zero`).
    public static let maximumBytes = 4096
    /// A PEM private key: an RSA key of 8192 bits is about 6.5 KB.
    public static let maximumKeyBytes = 16384

    /// Why a secret file cannot be used. Texts name the file, never its content.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case missing(String)
        case unreadable(String, reason: String)
        case notARegularFile(String)
        case tooLarge(String, limit: Int)
        case empty(String)
        case notOneLine(String)
        case notUTF8(String)

        public var description: String {
            switch self {
            case .missing(let path): "no file at \(path)"
            case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
            case .notARegularFile(let path): "\(path) is not a regular file"
            case .tooLarge(let path, let limit): "\(path) is larger than \(limit) bytes"
            case .empty(let path): "\(path) is empty"
            case .notOneLine(let path): "\(path) must hold the secret on one line (no line break or NUL inside it)"
            case .notUTF8(let path): "\(path) is not UTF-8 text"
            }
        }
    }

    /// The secret in the file at `path`, without its trailing line break; `multiline` takes a PEM key.
    public static func read(_ path: String, multiline: Bool = false) throws(Problem) -> String {
        let limit = multiline ? maximumKeyBytes : maximumBytes
        let file: PosixFile
        do {
            // Non-blocking, so that a FIFO without a writer is refused instead of hanging startup.
            file = try PosixFile(path: path, flags: O_RDONLY | O_NONBLOCK)
        } catch {
            if error.code == ENOENT || error.code == ENOTDIR { throw .missing(path) }
            throw .unreadable(path, reason: String(cString: strerror(error.code)))
        }
        var info = stat()
        guard fstat(file.descriptor, &info) == 0 else { throw .unreadable(path, reason: String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notARegularFile(path) }
        let data: Data
        do {
            data = try file.read(count: limit + 1, at: 0)
        } catch {
            throw .unreadable(path, reason: String(cString: strerror(error.code)))
        }
        guard data.count <= limit else { throw .tooLarge(path, limit: limit) }
        guard let text = String(data: data, encoding: .utf8) else { throw .notUTF8(path) }
        var secret = Substring(text)
        while let last = secret.unicodeScalars.last, last == "\n" || last == "\r" { secret = secret.dropLast() }
        guard !secret.isEmpty else { throw .empty(path) }
        guard !secret.unicodeScalars.contains(where: { (!multiline && ($0 == "\n" || $0 == "\r")) || $0.value == 0 }) else {
            throw .notOneLine(path)
        }
        return String(secret)
    }
}
