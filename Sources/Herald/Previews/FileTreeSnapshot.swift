import Glibc

/// What a folder tree looks like on disk now: every entry's path with its inode, size and change
/// times (to the nanosecond). Two snapshots differ when a file was edited, added, removed or renamed,
/// which is all the preview pages need to know to reuse what they compiled from the tree.
struct FileTreeSnapshot: Equatable, Sendable {
    private struct Entry: Equatable, Sendable {
        let path: String
        let inode: UInt64
        let size: Int64
        let modified: Int64
        let changed: Int64
    }

    /// The most entries one snapshot reads, so a folder someone pointed at `/` stays bounded.
    static let entryLimit = 10_000

    private var entries: [Entry] = []

    /// Every path the snapshot holds, folders and files, in its order.
    var paths: [String] { entries.map(\.path) }

    /// Walks `roots` (each a folder; a missing one is an empty tree) in a stable order, following
    /// symbolic links (an edit to a linked template counts), at most 16 folders deep.
    init(roots: [String]) {
        for root in roots { walk(root, depth: 0) }
    }

    private mutating func walk(_ path: String, depth: Int) {
        guard depth < 16, entries.count < Self.entryLimit, let directory = opendir(path) else { return }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        for name in names.sorted() where entries.count < Self.entryLimit {
            let child = path + "/" + name
            var status = stat()
            guard stat(child, &status) == 0 else { continue }
            entries.append(Entry(
                path: child, inode: UInt64(status.st_ino), size: Int64(status.st_size),
                modified: Int64(status.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(status.st_mtim.tv_nsec),
                changed: Int64(status.st_ctim.tv_sec) &* 1_000_000_000 &+ Int64(status.st_ctim.tv_nsec)))
            if (status.st_mode & S_IFMT) == S_IFDIR { walk(child, depth: depth + 1) }
        }
    }
}
