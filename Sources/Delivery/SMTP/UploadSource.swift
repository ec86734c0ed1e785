/// The message bytes libcurl reads during DATA, and whether it has taken them all.
///
/// libcurl calls the read callback only after the server's `354`, and writes the final `.` itself as
/// soon as it has sent the last byte it was given (it knows the size, so it does not ask again). So once
/// the last byte was handed over, a broken connection or a missing reply means the server may have the
/// message (`unknown`); before that it certainly does not.
final class UploadSource {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// True once the last byte was handed to libcurl.
    var isHandedOver: Bool { !bytes.isEmpty && offset == bytes.count }

    /// Copies up to `capacity` of the next bytes to `buffer`; returns how many (0 at the end).
    func read(into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int {
        let length = min(capacity, bytes.count - offset)
        guard length > 0 else { return 0 }
        bytes.withUnsafeBytes { all in
            guard let base = all.baseAddress else { return }
            buffer.copyMemory(from: base + offset, byteCount: length)
        }
        offset += length
        return length
    }
}
