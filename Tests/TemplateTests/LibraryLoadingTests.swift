import Foundation
import Template
import Testing

@Suite("Loading a folder of templates")
struct LibraryLoadingTests {
    private func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-library-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("real/_layouts"), withIntermediateDirectories: true)
        try Data("<p>{{$body}}{{/body}}</p>".utf8).write(to: url.appendingPathComponent("real/_layouts/page.mustache"))
        try Data("{{<_layouts/page}}{{$body}}{{name}}{{/body}}{{/_layouts/page}}".utf8)
            .write(to: url.appendingPathComponent("real/mail.mustache"))
        try Data("not a template".utf8).write(to: url.appendingPathComponent("real/notes.txt"))
        return url
    }

    @Test func namesAreRelativePathsWithoutTheExtension() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try TemplateLibrary(directory: folder.appendingPathComponent("real"))
        #expect(library.templateNames == ["_layouts/page", "mail"])
        #expect(try library.render("mail", ["name": "Zoë"]) == "<p>Zoë</p>")
    }

    @Test func aSymlinkedFolderIsFollowed() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: folder.appendingPathComponent("real"))
        #expect(try TemplateLibrary(directory: link).templateNames == ["_layouts/page", "mail"])
    }

    @Test func aMissingFolderIsAnError() throws {
        #expect(throws: TemplateError.self) { try TemplateLibrary(directory: URL(fileURLWithPath: "/nonexistent/templates")) }
        let (_, errors) = TemplateLibrary.load(directory: URL(fileURLWithPath: "/nonexistent/templates"))
        #expect(errors.map(\.description) == ["cannot read /nonexistent/templates: not a readable directory"])
    }

    @Test func everyBrokenFileIsReportedWhenCollecting() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{{#a}}".utf8).write(to: folder.appendingPathComponent("real/broken.mustache"))
        try Data("x\n{{/b}}".utf8).write(to: folder.appendingPathComponent("real/worse.mustache"))
        let (library, errors) = TemplateLibrary.load(directory: folder.appendingPathComponent("real"))
        #expect(library.templateNames == ["_layouts/page", "mail"])
        #expect(errors.count == 2)
        #expect(errors.first?.description.hasSuffix("real/broken.mustache:1:1: unclosed section 'a': expected '{{/a}}'") == true)
    }
}
