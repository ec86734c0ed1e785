import Foundation
import Messages
import Glibc

/// Reads an outbox file. Only newline-terminated lines count: a torn last line (a writer died
/// mid-write) is ignored, never misread; any other line that is not a record is an error.
public struct OutboxReader: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Every record in file order; an absent file is an empty outbox.
    public func records() throws(OutboxError) -> [OutboxRecord] {
        let contents: Data?
        do {
            contents = try DurableFile.read(path)
        } catch {
            throw .file(error)
        }
        guard let contents else { return [] }
        return try Self.parse(contents, path: path)
    }

    /// Empties the outbox under the writers' lock.
    public func clear() throws(OutboxError) {
        do throws(FileSystemError) {
            let file: PosixFile
            do {
                file = try PosixFile(path: path, flags: O_RDWR)
            } catch where error.code == ENOENT {
                return
            }
            try file.lockExclusive()
            defer { file.unlock() }
            try file.truncate(to: 0)
            try file.sync()
        } catch {
            throw .file(error)
        }
    }

    static func parse(_ contents: Data, path: String) throws(OutboxError) -> [OutboxRecord] {
        let decoder = JSONDecoder()
        var records: [OutboxRecord] = []
        var lineNumber = 0
        var start = contents.startIndex
        while let newline = contents[start...].firstIndex(of: UInt8(ascii: "\n")) {
            lineNumber += 1
            let line = contents[start..<newline]
            start = contents.index(after: newline)
            if line.isEmpty { continue }
            do {
                var record = try decoder.decode(OutboxRecord.self, from: line)
                record.composed.context = try contextText(of: line)
                records.append(record)
            } catch {
                throw .corruptLine(path: path, line: lineNumber, detail: "\(error)")
            }
        }
        return records
    }

    /// The `context` member as compact JSON text with sorted keys, if the line has one: the text
    /// the message was composed with, whatever order a dictionary would give its members (callers
    /// compare it), numbers exactly as written.
    private static func contextText(of line: Data) throws -> String? {
        guard line.range(of: Data(#""context":"#.utf8)) != nil,
              let context = try JSONValue(parsing: line)["context"], context != .null
        else { return nil }
        return context.compactText
    }

    /// The length of the file up to and including its last newline: what survives a torn write.
    static func lengthOfCompleteLines(in file: PosixFile, size: Int) throws(FileSystemError) -> Int {
        var end = size
        let chunk = 4096
        while end > 0 {
            let start = max(0, end - chunk)
            let bytes = try file.read(count: end - start, at: start)
            if let last = bytes.lastIndex(of: UInt8(ascii: "\n")) {
                return start + (last - bytes.startIndex) + 1
            }
            end = start
        }
        return 0
    }
}
