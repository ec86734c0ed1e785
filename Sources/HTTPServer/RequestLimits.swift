/// Size limits the parser enforces. Defaults follow README "API".
public struct RequestLimits: Sendable, Hashable {
    /// Request line plus all header lines plus the blank line, in bytes (`431` beyond).
    public var maxHeadBytes: Int
    /// Number of header fields (`431` beyond).
    public var maxHeaderCount: Int
    /// Body size from `Content-Length` (`413` beyond).
    public var maxBodyBytes: Int

    public init(maxHeadBytes: Int = 16 * 1024, maxHeaderCount: Int = 100, maxBodyBytes: Int = 1024 * 1024) {
        self.maxHeadBytes = maxHeadBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
    }
}
