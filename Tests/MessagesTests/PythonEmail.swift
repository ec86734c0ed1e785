import Foundation
import TestSupport

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
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.run(
                URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", script], stdin: Data(headerValue.utf8), timeout: 60)
        } catch {
            return ["error", "python3 did not start: \(error)"]
        }
        guard result.status == 0 else { return ["error", "python3 exited \(result.status): \(result.stderr)"] }
        return result.stdout.components(separatedBy: "\n")
    }
}
