import Foundation
import Testing
@testable import Delivery

/// What only the directory store has: its index markers and key files.
@Suite("Directory spool store")
struct DirectorySpoolStoreTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    @Test("a replacement cut short before its record committed does not cancel the original")
    func replacementCutShortKeepsTheOriginal() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let store = try DirectorySpoolStore(directory: directory)
        _ = try store.enqueue(Fixtures.message(id: "orig", key: "invoice-9"), sendAt: now.addingTimeInterval(60), fingerprint: "a", now: now)
        // What a crash between writing the key and committing the new record leaves behind.
        let keyFile = SpoolLayout(root: directory).keyPath(for: "invoice-9", slot: 0)
        try Data(#"{"key":"invoice-9","id":"ghost-never-committed"}"#.utf8).write(to: URL(fileURLWithPath: keyFile))

        let claimed = try store.claimDue(limit: 10, now: now.addingTimeInterval(120))
        #expect(claimed.map(\.id) == ["orig"])
        #expect(try store.find(id: "orig")?.state == .sending)
        #expect(try store.find(key: "invoice-9")?.id == "orig", "the key points back at the message it belongs to")
    }

    @Test("a claim does not delete the marker a worker is writing while it completes a message")
    func completingMarkerSurvivesAClaim() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let store = try DirectorySpoolStore(directory: directory)
        _ = try store.enqueue(Fixtures.message(id: "busy"), sendAt: nil, fingerprint: "f", now: now)
        let sending = try #require(try store.claimDue(limit: 1, now: now).first)
        // The window inside complete(): the retrying marker exists, the record still says sending.
        var next = sending
        next.state = .retrying
        next.dueAt = now
        let marker = SpoolLayout(root: directory).markerPath(for: next)
        try Data().write(to: URL(fileURLWithPath: marker))

        _ = try DirectorySpoolStore(directory: directory).claimDue(limit: 10, now: now.addingTimeInterval(1))
        #expect(FileManager.default.fileExists(atPath: marker), "the marker of the message being completed stays")
        #expect(try store.find(id: "busy")?.state == .sending)
    }
}
