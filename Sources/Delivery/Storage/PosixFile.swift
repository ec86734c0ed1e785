import Foundation
import Glibc

/// An open file descriptor with the few calls durability needs (whole writes, fsync, flock).
/// A class, so the descriptor is closed exactly once, when the last reference goes.
final class PosixFile: Sendable {
    let descriptor: Int32
    let path: String

    init(path: String, flags: Int32, mode: mode_t = 0o644) throws(FileSystemError) {
        let fd = open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FileSystemError("open", path: path) }
        self.descriptor = fd
        self.path = path
    }

    deinit { close(descriptor) }

    /// Writes every byte, retrying short writes and EINTR.
    func writeAll(_ data: Data) throws(FileSystemError) {
        var failure: FileSystemError?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            guard var pointer = buffer.baseAddress else { return }
            var remaining = buffer.count
            while remaining > 0 {
                let written = write(descriptor, pointer, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = FileSystemError("write", path: path)
                    return
                }
                pointer += written
                remaining -= written
            }
        }
        if let failure { throw failure }
    }

    func sync() throws(FileSystemError) {
        guard fsync(descriptor) == 0 else { throw FileSystemError("fsync", path: path) }
    }

    /// Blocks until this process holds the exclusive lock (released by `unlock` or by closing).
    func lockExclusive() throws(FileSystemError) {
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw FileSystemError("flock", path: path) }
        }
    }

    /// Takes the exclusive lock if nobody holds it; false when another holder has it.
    func tryLockExclusive() throws(FileSystemError) -> Bool {
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return true }
        if errno == EWOULDBLOCK { return false }
        throw FileSystemError("flock", path: path)
    }

    func unlock() {
        flock(descriptor, LOCK_UN)
    }

    func size() throws(FileSystemError) -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw FileSystemError("fstat", path: path) }
        return Int(info.st_size)
    }

    /// Reads `count` bytes at `offset` (fewer at the end of the file).
    func read(count: Int, at offset: Int) throws(FileSystemError) -> Data {
        var data = Data(count: count)
        var total = 0
        var failure: FileSystemError?
        data.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) in
            guard let base = buffer.baseAddress else { return }
            while total < count {
                let got = pread(descriptor, base + total, count - total, off_t(offset + total))
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = FileSystemError("pread", path: path)
                    return
                }
                if got == 0 { break }
                total += got
            }
        }
        if let failure { throw failure }
        return data.prefix(total)
    }

    func truncate(to length: Int) throws(FileSystemError) {
        guard ftruncate(descriptor, off_t(length)) == 0 else { throw FileSystemError("ftruncate", path: path) }
    }
}
