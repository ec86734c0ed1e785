public import Foundation

extension TemplateLibrary {
    /// Loads every `*.mustache` file below `directory`. A file's name is its relative path without
    /// the extension: `Templates/_layouts/email.html.mustache` is `_layouts/email.html`.
    /// Throws the first error; ``load(directory:fileExtension:)`` collects them all.
    public init(directory: URL, fileExtension: String = "mustache") throws(TemplateError) {
        let (library, errors) = Self.load(directory: directory, fileExtension: fileExtension)
        if let first = errors.first { throw first }
        self = library
    }

    /// Loads what compiles and reports every file that does not, for tools such as `herald check`.
    public static func load(directory: URL, fileExtension: String = "mustache") -> (TemplateLibrary, [TemplateError]) {
        var library = TemplateLibrary()
        var errors: [TemplateError] = []
        // A symlinked root is followed (the enumerator would not descend into the link itself).
        let root = directory.resolvingSymlinksInPath().standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue,
            let enumerator = FileManager.default.enumerator(atPath: root)
        else {
            return (library, [TemplateError(.unreadableFile(path: directory.path, detail: "not a readable directory"), at: nil)])
        }
        let suffix = "." + fileExtension
        var relativePaths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(suffix) { relativePaths.append(relative) }
        }
        for relative in relativePaths.sorted() {
            let name = String(relative.dropLast(suffix.count))
            let displayPath = directory.path.hasSuffix("/") ? directory.path + relative : directory.path + "/" + relative
            do {
                library.register(try CompiledTemplate(contentsOfFile: displayPath, name: name))
            } catch {
                errors.append(error)
            }
        }
        return (library, errors)
    }
}
