import Foundation
import Glibc

/// Crash-safe file replacement: after `write` returns, the file holds exactly `data` and survives a
/// power cut; a crash before that leaves the old contents (or no file), never a mix.
enum DurableFile {
    /// Writes to a temporary file in the same directory, fsyncs it, renames it over `path`, and
    /// fsyncs the directory so the rename itself is durable.
    static func write(_ data: Data, to path: String) throws(FileSystemError) {
        let temporary = try prepare(data, for: path)
        try commit(temporary, to: path)
    }

    /// The slow half of `write`, which needs no lock: `data` in a new temporary file next to `path`,
    /// fsync'd. Returns the temporary path for `commit` (or `discard`).
    static func prepare(_ data: Data, for path: String) throws(FileSystemError) -> String {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: .min ... .max))"
        do {
            let file = try PosixFile(path: temporary, flags: O_WRONLY | O_CREAT | O_EXCL)
            try file.writeAll(data)
            try file.sync()
        } catch {
            unlink(temporary)
            throw error
        }
        return temporary
    }

    /// The atomic half of `write`: renames a prepared file over `path` and fsyncs the directory.
    static func commit(_ temporary: String, to path: String) throws(FileSystemError) {
        guard rename(temporary, path) == 0 else {
            let failure = FileSystemError("rename", path: path)
            unlink(temporary)
            throw failure
        }
        try syncDirectory(containing: path)
    }

    /// Drops a prepared file that will not be committed.
    static func discard(_ temporary: String) {
        unlink(temporary)
    }

    /// Creates an empty file (an index marker) durably; succeeds if it already exists.
    static func touch(_ path: String) throws(FileSystemError) {
        _ = try PosixFile(path: path, flags: O_WRONLY | O_CREAT)
        try syncDirectory(containing: path)
    }

    /// Removes `path` without waiting for the disk: for index entries whose reappearance after a crash
    /// is harmless. A missing file is not an error.
    static func unlinkQuietly(_ path: String) throws(FileSystemError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw FileSystemError("unlink", path: path) }
    }

    static func syncDirectory(containing path: String) throws(FileSystemError) {
        let directory = (path as NSString).deletingLastPathComponent
        try syncDirectory(directory.isEmpty ? "." : directory)
    }

    static func syncDirectory(_ directory: String) throws(FileSystemError) {
        let file = try PosixFile(path: directory, flags: O_RDONLY | O_DIRECTORY)
        try file.sync()
    }

    /// Reads a whole file; nil when it does not exist.
    static func read(_ path: String) throws(FileSystemError) -> Data? {
        let file: PosixFile
        do {
            file = try PosixFile(path: path, flags: O_RDONLY)
        } catch where error.code == ENOENT {
            return nil
        }
        return try file.read(count: try file.size(), at: 0)
    }

    static func createDirectory(_ path: String) throws(FileSystemError) {
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw FileSystemError("mkdir", path: path) }
    }

    /// The names in `directory` (no `.`/`..`).
    static func list(_ directory: String) throws(FileSystemError) -> [String] {
        guard let handle = opendir(directory) else { throw FileSystemError("opendir", path: directory) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
