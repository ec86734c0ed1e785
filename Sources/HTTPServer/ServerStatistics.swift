/// Figures about the server's connections and buffers, for metrics and for tests that check the
/// bounds hold (a client that does not read must not make the server buffer what it sends).
package struct ServerStatistics: Sendable, Hashable {
    package var openConnections = 0
    /// Open connections of each event loop, in the loops' order.
    package var connectionsPerLoop: [Int] = []
    /// Input bytes buffered over all connections, as of the last deadline sweep (every 250 ms).
    package var bufferedInputBytes = 0
    /// Output bytes waiting to be written over all connections, as of the last sweep.
    package var pendingOutputBytes = 0
    /// The most input one connection ever had buffered.
    package var largestBufferedInput = 0
    /// The largest output one connection ever had waiting.
    package var largestPendingOutput = 0
    /// Connections between requests, as the connection table has them now: each loop marks its
    /// own, so a request's answer may reach the client a moment before the mark.
    package var idleConnections = 0
    /// Idle connections closed to make room for new ones when the table was full.
    package var evictedIdleConnections = 0
    /// Clients answered `503` because every connection was busy.
    package var refusedConnections = 0

    package init() {}
}
