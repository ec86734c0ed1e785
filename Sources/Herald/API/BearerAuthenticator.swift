import HTTPServer

/// Checks `Authorization: Bearer <token>` against the configured token in constant time, so the
/// answer's timing does not reveal how much of a guess was right.
public struct BearerAuthenticator: Sendable {
    private let expected: [UInt8]

    public init(token: String) {
        expected = Array(token.utf8)
    }

    public func isAuthorized(_ request: ServerRequest) -> Bool {
        guard let header = request.headers["Authorization"] else { return false }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        return Self.constantTimeEquals(Array(parts[1].utf8), expected)
    }

    /// Compares every byte of the expected token whatever the candidate is; the time depends
    /// only on the expected token's length.
    static func constantTimeEquals(_ candidate: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference = UInt64(candidate.count ^ expected.count)
        for index in 0..<expected.count {
            let byte = index < candidate.count ? candidate[index] : ~expected[index]
            difference |= UInt64(byte ^ expected[index])
        }
        return difference == 0
    }
}
