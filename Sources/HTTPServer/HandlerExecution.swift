/// Where the server runs a request's handler.
public enum HandlerExecution: Sendable, Hashable {
    /// On the event loop thread, as soon as the request is parsed, with the response written in the
    /// same turn: no hand-off to a worker and back. Only for handlers that never block (no disk,
    /// no network, no waiting on a lock held for long): while one runs, no other connection is served.
    case eventLoop
    /// On a worker thread: handlers that may block (an fsync, a file read). The default.
    case worker
}
