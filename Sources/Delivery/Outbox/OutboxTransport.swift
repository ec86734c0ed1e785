import Foundation
import Glibc
import Messages

/// Delivers by appending one JSON line per message to a file (README "Transports"): Herald's default transport,
/// so it runs and is tested without a mail server.
///
/// Each append takes an exclusive `flock`, cuts off a torn last line left by a writer that crashed,
/// writes the whole line with one `write`, and `fsync`s before unlocking: several processes can append
/// at once and a reader never sees half a line followed by another record.
public struct OutboxTransport: Transport {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public func deliver(_ message: ComposedMessage, attempt: DeliveryAttempt) -> DeliveryOutcome {
        do throws(OutboxError) {
            let line = try OutboxRecord(message, deliveredAt: Date()).jsonLine()
            return try append(line, unlessPresent: attempt.mayHaveBeenDelivered ? message.id : nil)
        } catch {
            switch error {
            case .encoding, .invalidContext: return .permanent(error.description)
            case .file, .corruptLine: return .transient(error.description)
            }
        }
    }

    /// The outbox can look: a complete line with this id means the interrupted attempt got there.
    public func priorDelivery(of message: ComposedMessage) -> PriorDelivery {
        do {
            return try OutboxReader(path: path).records().contains { $0.composed.id == message.id } ? .delivered : .notDelivered
        } catch {
            return .cannotTell
        }
    }

    /// Appends `line`; when `duplicateID` is given and a record with that id is already in the file,
    /// writes nothing (a retry of a message that may have been delivered stays exactly-once).
    func append(_ line: Data, unlessPresent duplicateID: String?) throws(OutboxError) -> DeliveryOutcome {
        let file: PosixFile
        do throws(FileSystemError) {
            try ensureParentDirectory()
            file = try PosixFile(path: path, flags: O_RDWR | O_CREAT | O_APPEND)
            try file.lockExclusive()
        } catch {
            throw .file(error)
        }
        defer { file.unlock() }
        do throws(FileSystemError) {
            let size = try file.size()
            let kept = try OutboxReader.lengthOfCompleteLines(in: file, size: size)
            if kept != size { try file.truncate(to: kept) }
            if let duplicateID {
                let contents = try file.read(count: kept, at: 0)
                if try Self.contains(duplicateID, in: contents, path: path) { return .accepted }
            }
            try file.writeAll(line)
            try file.sync()
            return .accepted
        } catch {
            throw .file(error)
        }
    }

    private static func contains(_ id: String, in contents: Data, path: String) throws(FileSystemError) -> Bool {
        do {
            return try OutboxReader.parse(contents, path: path).contains { $0.composed.id == id }
        } catch {
            // A corrupt complete line: refuse to guess, and let the spool retry later.
            throw FileSystemError("parse", path: path, code: EIO)
        }
    }

    private func ensureParentDirectory() throws(FileSystemError) {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw FileSystemError("mkdir", path: directory, code: EACCES)
        }
    }
}
