import Foundation
import Messages
import Template
import Testing

@Suite("Loading the message templates")
struct RendererLoadingTests {
    @Test func aMissingPartFailsAtLoadNotAtTheFirstSend() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("herald-templates-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(at: Repository.templates, to: copy)
        _ = try MessageRenderer(templatesDirectory: copy)

        try FileManager.default.removeItem(at: copy.appendingPathComponent("check-in/text.mustache"))
        do {
            _ = try MessageRenderer(templatesDirectory: copy)
            Issue.record("a renderer without check-in/text loaded")
        } catch {
            #expect(error.description == "cannot read \(copy.path)/check-in/text.mustache: no such template")
        }
    }
}
