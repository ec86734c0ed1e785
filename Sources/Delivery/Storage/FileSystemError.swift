import Glibc

/// A failed system call on a file, with the path and `errno` text.
public struct FileSystemError: Error, CustomStringConvertible, Sendable, Hashable {
    public var operation: String
    public var path: String
    public var code: Int32

    public init(_ operation: String, path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(code))) (errno \(code))"
    }
}
