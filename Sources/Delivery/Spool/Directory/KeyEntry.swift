/// The content of a key index file: which message a key currently names.
struct KeyEntry: Codable, Sendable {
    var key: String
    var id: String
}
