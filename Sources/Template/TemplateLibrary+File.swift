import Foundation

extension TemplateLibrary {
    /// Compiles `file` and every template it reaches by name from `partialsDirectory` (the file's
    /// own folder by default): `{{>foo}}` and `{{<dir/foo}}` are `DIR/foo.mustache` and
    /// `DIR/dir/foo.mustache`. A template that picks names from the data (`{{>*name}}`) gets the
    /// whole folder. Names with no file are left out, so rendering decides (empty, or an error
    /// in strict mode).
    public static func loading(file: String, partialsDirectory: String? = nil) throws(TemplateError) -> (
        template: CompiledTemplate, library: TemplateLibrary
    ) {
        let folder = partialsDirectory ?? (file as NSString).deletingLastPathComponent
        func path(of name: String) -> String { folder.isEmpty ? name + ".mustache" : folder + "/" + name + ".mustache" }
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let template = try CompiledTemplate(contentsOfFile: file, name: name)
        var library = TemplateLibrary([template])
        var pending = Array(template.referencedTemplateNames)
        var dynamic = template.usesDynamicNames
        while let next = pending.popLast() {
            guard library[next] == nil, FileManager.default.fileExists(atPath: path(of: next)) else { continue }
            let partial = try CompiledTemplate(contentsOfFile: path(of: next), name: next)
            library.register(partial)
            pending.append(contentsOf: partial.referencedTemplateNames)
            dynamic = dynamic || partial.usesDynamicNames
        }
        if dynamic {
            let everything = try TemplateLibrary(directory: URL(fileURLWithPath: folder.isEmpty ? "." : folder))
            for other in everything.templateNames where library[other] == nil {
                library.register(try CompiledTemplate(contentsOfFile: path(of: other), name: other))
            }
        }
        return (template, library)
    }
}
