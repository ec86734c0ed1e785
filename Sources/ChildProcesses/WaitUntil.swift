import Foundation

/// Waits until `condition` holds, checking every `interval`, for at most `timeout` seconds; returns
/// whether it held. The one way tests wait for something another thread or process does (a log
/// line, a file, a port, an exit), so no test sleeps for a guessed time, and none waits forever.
@discardableResult
public func waitUntil(timeout: TimeInterval = 10, interval: TimeInterval = 0.01, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if try condition() { return true }
        guard Date() < deadline else { return false }
        Thread.sleep(forTimeInterval: min(interval, max(0, deadline.timeIntervalSinceNow)))
    }
}

/// `waitUntil` for async tests: suspends between checks instead of blocking the thread.
@discardableResult
public func waitUntil(timeout: TimeInterval = 10, interval: TimeInterval = 0.01, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if try await condition() { return true }
        guard Date() < deadline else { return false }
        try? await Task.sleep(for: .seconds(min(interval, max(0, deadline.timeIntervalSinceNow))))
    }
}
