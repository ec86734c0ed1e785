import Foundation
import Glibc
import Messages

/// Delivers by appending one JSON line per message to a file (README "Transports"): Herald's default transport,
/// so it runs and is tested without a mail server.
///
/// Each append takes an exclusive `flock`, cuts off a torn last line left by a writer that crashed,
/// writes the whole line with one `write`, and `fsync`s before unlocking: several processes can append
/// at once and a reader never sees half a line followed by another record. Appends that this
/// process's delivery threads make at the same time share one lock, one `write` and one `fsync`
/// (`GroupCommit`); each returns only once the `fsync` that holds its line is done.
public struct OutboxTransport: Transport {
    public let path: String
    private let appends: GroupCommit<Append, DeliveryOutcome, OutboxError>

    public init(path: String) {
        self.path = path
        appends = GroupCommit(lostResult: .file(FileSystemError("append", path: path, code: EIO)))
    }

    public func deliver(_ message: ComposedMessage, attempt: DeliveryAttempt) -> DeliveryOutcome {
        deliver(batch: [(message, attempt)]).first ?? .transient("the outbox lost the outcome of an append")
    }

    public var deliversInBatches: Bool { true }

    /// The batch's lines are appended together: one lock, one `write`, one `fsync`.
    public func deliver(batch: [(message: ComposedMessage, attempt: DeliveryAttempt)]) -> [DeliveryOutcome] {
        var outcomes = [DeliveryOutcome?](repeating: nil, count: batch.count)
        var lines: [(index: Int, append: Append)] = []
        for (index, item) in batch.enumerated() {
            do throws(OutboxError) {
                let line = try OutboxRecord(item.message, deliveredAt: Date()).jsonLine()
                lines.append((index, Append(line: line, duplicateID: item.attempt.mayHaveBeenDelivered ? item.message.id : nil)))
            } catch {
                outcomes[index] = Self.outcome(of: error)
            }
        }
        let appended = appends.submit(lines.map(\.append)) { group in
            do throws(OutboxError) {
                return try appendAll(group).map { .success($0) }
            } catch {
                return Array(repeating: .failure(error), count: group.count)
            }
        }
        for (line, result) in zip(lines, appended) {
            switch result {
            case .success(let outcome): outcomes[line.index] = outcome
            case .failure(let error): outcomes[line.index] = Self.outcome(of: error)
            }
        }
        return outcomes.map { $0 ?? .transient("the outbox lost the outcome of an append") }
    }

    /// A message that cannot be written as a line never will be; a file that cannot be written now may be later.
    private static func outcome(of error: OutboxError) -> DeliveryOutcome {
        switch error {
        case .invalidContext: .permanent(error.description)
        case .file, .corruptLine: .transient(error.description)
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

    /// One line to append, and the id whose record already in the file means "do not append" (a retry
    /// of a message that may have been delivered stays exactly-once).
    private struct Append: Sendable {
        let line: Data
        let duplicateID: String?
    }

    /// One batch under one lock: the torn tail cut, the file read once if any line is a retry, the
    /// lines written with one `write`, one `fsync`.
    private func appendAll(_ batch: [Append]) throws(OutboxError) -> [DeliveryOutcome] {
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
            var present: Set<String> = []
            let retried = Set(batch.compactMap(\.duplicateID))
            if !retried.isEmpty {
                present = try Self.ids(among: retried, in: try file.read(count: kept, at: 0), path: path)
            }
            var lines = Data()
            for append in batch where append.duplicateID.map({ !present.contains($0) }) ?? true { lines.append(append.line) }
            if !lines.isEmpty {
                try file.writeAll(lines)
                try file.sync()
            }
            return Array(repeating: .accepted, count: batch.count)
        } catch {
            throw .file(error)
        }
    }

    /// Which of `ids` the complete lines in `contents` hold.
    private static func ids(among ids: Set<String>, in contents: Data, path: String) throws(FileSystemError) -> Set<String> {
        do {
            return Set(try OutboxReader.parse(contents, path: path).map(\.composed.id).filter(ids.contains))
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
