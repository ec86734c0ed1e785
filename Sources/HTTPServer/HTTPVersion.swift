/// The protocol versions the server speaks: HTTP/1.0 and HTTP/1.1 (anything else is a `505`).
public enum HTTPVersion: String, Sendable, Hashable {
    case http10 = "HTTP/1.0"
    case http11 = "HTTP/1.1"
}
