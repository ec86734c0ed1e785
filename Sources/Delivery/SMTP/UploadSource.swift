/// The message bytes libcurl reads during DATA, and whether it read them all: once it has, a broken
/// connection means the server may have the message (`unknown`), not that it certainly does not.
final class UploadSource {
    let bytes: [UInt8]
    var offset = 0
    /// True once libcurl asked for more after the last byte (it then sends the final `.`).
    var finished = false

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }
}
