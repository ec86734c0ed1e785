import Foundation
import Testing
@testable import Herald

/// `FileTreeWatch`: quiet while nothing changes, and any edit, new file, new folder, rename or removal
/// under the watched tree is seen by the next check, as the preview cache relies on.
@Suite struct FileTreeWatchTests {
    private func tree() throws -> String {
        let root = NSTemporaryDirectory() + "herald-watch-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/kind", withIntermediateDirectories: true)
        try Data("{{a}}".utf8).write(to: URL(fileURLWithPath: root + "/kind/subject.mustache"))
        return root
    }

    private func watch(_ root: String) throws -> FileTreeWatch {
        try #require(FileTreeWatch(paths: [root] + FileTreeSnapshot(roots: [root]).paths))
    }

    @Test func everyKindOfChangeIsSeenByTheNextCheck() throws {
        let root = try tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let file = root + "/kind/subject.mustache"
        let changes: [(String, () throws -> Void)] = [
            ("rewritten in place", { try Data("{{b}}".utf8).write(to: URL(fileURLWithPath: file)) }),
            ("replaced by a rename", { try Data("{{c}}".utf8).write(to: URL(fileURLWithPath: file), options: .atomic) }),
            ("a new file", { try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/kind/html.mustache")) }),
            ("a new folder", { try FileManager.default.createDirectory(atPath: root + "/other", withIntermediateDirectories: false) }),
            ("a file in the new folder", { try Data("y".utf8).write(to: URL(fileURLWithPath: root + "/other/text.mustache")) }),
            ("renamed", { try FileManager.default.moveItem(atPath: root + "/other", toPath: root + "/moved") }),
            ("removed", { try FileManager.default.removeItem(atPath: root + "/kind/html.mustache") }),
            ("permissions", { try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file) }),
        ]
        for (name, change) in changes {
            let watch = try watch(root)
            #expect(watch.isUnchanged(), "\(name): quiet before")
            _ = FileTreeSnapshot(roots: [root])
            _ = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(watch.isUnchanged(), "\(name): reading the tree is not a change")
            try change()
            #expect(!watch.isUnchanged(), "\(name)")
            #expect(!watch.isUnchanged(), "\(name): a spent watch stays spent")
        }
    }

    @Test func aPathThatCannotBeWatchedMeansNoWatch() {
        #expect(FileTreeWatch(paths: ["/nonexistent-\(UUID().uuidString)"]) == nil)
    }
}
