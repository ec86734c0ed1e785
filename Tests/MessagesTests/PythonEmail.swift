import Foundation

/// An independent reader of composed headers: Python's `email` package (RFC 5322 + RFC 2047 with
/// the modern policy), so a header Herald writes is checked by software other than its own.
enum PythonEmail {
    private static let script = """
        import sys
        from email import message_from_string, policy
        header = sys.stdin.read()
        address = message_from_string("From: " + header + "\\r\\n\\r\\n", policy=policy.default)["From"].addresses[0]
        sys.stdout.write(address.display_name + "\\n" + address.addr_spec)
        """

    /// `[display name, address]` as Python reads the `From`-style header value, or `["error", …]`.
    static func mailbox(_ headerValue: String) -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            return ["error", "python3 did not start: \(error)"]
        }
        input.fileHandleForWriting.write(Data(headerValue.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return ["error", "python3 exited \(process.terminationStatus)"] }
        return String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
    }
}
