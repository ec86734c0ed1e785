import Glibc
import Locking

/// Learns that a folder tree may have changed with one non-blocking `read` of an inotify descriptor
/// that watches each of its folders and files, instead of a `stat` per file (`FileTreeSnapshot`) on
/// every preview request.
///
/// The kernel queues an event during the very call that changes a watched file or folder, so a
/// request made after an edit returned always sees it. Once anything happened the watch is spent:
/// the caller takes a new snapshot and a new watch. Files are watched through symbolic links, as the
/// snapshot follows them.
final class FileTreeWatch: Sendable {
    private let descriptor: Int32
    private let spent = Locked(false)

    private static let events = UInt32(
        IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF)

    /// Watches each of `paths`; nil when inotify cannot (no descriptor left, the user's watch limit
    /// reached, a path gone meanwhile), and the caller compares snapshots instead.
    init?(paths: [String]) {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        for path in paths where inotify_add_watch(descriptor, path, Self.events) < 0 {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// True while nothing under the watched paths changed since the watch began.
    func isUnchanged() -> Bool {
        spent.withLock { spent in
            guard !spent else { return false }
            let count = withUnsafeTemporaryAllocation(byteCount: 4_096, alignment: 8) { buffer in
                read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0, errno == EAGAIN || errno == EINTR { return true }
            spent = true
            return false
        }
    }
}
