import Foundation
import HeraldTesting
import Testing
import TestSupport

/// Over a socket, a preview page already cached, with the folders watched and unchanged, is answered
/// on the server's event loop; an edit on disk still shows on the very next request (it goes to a
/// worker, which compiles again), and every response still gets its own nonce.
@Suite(.serialized) struct PreviewEventLoopTests {
    @Test func cachedPagesFromTheLoopStillShowEditsAtOnce() throws {
        let templates = FileManager.default.temporaryDirectory.appendingPathComponent("herald-loop-templates-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: HeraldBinary.repositoryRoot.appendingPathComponent("Templates"), to: templates)
        defer { try? FileManager.default.removeItem(at: templates) }
        let herald = try TestHerald.repository(.live, settings: ["templates": templates.path])
        defer { herald.stop() }
        let path = "/previews/all-paid/last-installment?locale=en"
        let first = try herald.get(path)
        let cached = try herald.get(path)
        #expect(first.status == 200 && cached.status == 200)
        #expect(first.header("Content-Security-Policy") != cached.header("Content-Security-Policy"), "a fresh nonce per response")
        #expect(!cached.text.contains("herald-script-nonce"))
        let subject = templates.appendingPathComponent("all-paid/subject.mustache")
        for marker in ["LOOP-EDIT-ONE", "LOOP-EDIT-TWO"] {
            _ = try herald.get(path)
            let original = try String(contentsOf: subject, encoding: .utf8)
            try (marker + " " + original).write(to: subject, atomically: true, encoding: .utf8)
            #expect(try herald.get(path).text.contains(marker), "\(marker) shows on the next request")
            #expect(try herald.get(path).text.contains(marker), "\(marker) is what the cache then holds")
        }
    }
}
