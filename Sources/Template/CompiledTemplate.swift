import Foundation

/// A compiled Mustache template: immutable and `Sendable`, so it is compiled once and rendered
/// many times, from many threads at once.
///
/// ```swift
/// let template = try CompiledTemplate(source: "Hello {{name}}!", name: "greeting")
/// let text = try template.render(["name": "Zoë"], options: RenderOptions(contentType: .text))
/// ```
public struct CompiledTemplate: Sendable {
    /// The name partials and parents use to refer to this template.
    public let name: String
    /// The file it was read from, if any; errors name this path.
    public let path: String?
    /// The parsed tree, for analysis (names, references).
    let nodes: [Node]
    /// The tree flattened for rendering.
    let program: Program

    public init(source: String, name: String = "template", path: String? = nil) throws(TemplateError) {
        self.name = name
        self.path = path
        var parser = Parser(source: source, templateName: path ?? name)
        self.nodes = try parser.parse()
        self.program = ProgramBuilder.program(for: nodes, template: path ?? name)
    }

    /// Reads and compiles a UTF-8 file.
    public init(contentsOfFile path: String, name: String) throws(TemplateError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TemplateError(.unreadableFile(path: path, detail: error.localizedDescription), at: nil)
        }
        guard let source = String(data: data, encoding: .utf8) else {
            throw TemplateError(.unreadableFile(path: path, detail: "not valid UTF-8"), at: nil)
        }
        try self.init(source: source, name: name, path: path)
    }

    /// Renders any `Encodable` value.
    public func render(
        _ value: some Encodable, library: TemplateLibrary = TemplateLibrary(), options: RenderOptions = RenderOptions()
    ) throws(TemplateError) -> String {
        try render(TemplateEncoder().encode(value), library: library, options: options)
    }

    /// Renders an already encoded value.
    public func render(
        _ value: TemplateValue, library: TemplateLibrary = TemplateLibrary(), options: RenderOptions = RenderOptions()
    ) throws(TemplateError) -> String {
        var renderer = Renderer(output: OutputBuffer(capacity: 4096), root: value, library: library, options: options)
        try renderer.render(program)
        return renderer.output.string
    }

    /// Renders into `buffer` (emptied first, capacity kept), so a caller rendering in a loop
    /// allocates nothing for the output after the first render.
    public func render(
        _ value: TemplateValue, into buffer: inout [UInt8], library: TemplateLibrary = TemplateLibrary(),
        options: RenderOptions = RenderOptions()
    ) throws(TemplateError) {
        try Renderer.render(program, value, into: &buffer, library: library, options: options)
    }

    /// The names of the partials and parents this template refers to by a fixed name.
    public var referencedTemplateNames: Set<String> {
        var names = Set<String>()
        func visit(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .partial(let partial) where !partial.dynamic: names.insert(partial.name.text)
                case .parent(let parent):
                    if !parent.dynamic { names.insert(parent.name.text) }
                    parent.overrides.values.forEach { visit($0.children) }
                case .section(let section): visit(section.children)
                case .block(let block): visit(block.children)
                default: break
                }
            }
        }
        visit(nodes)
        return names
    }

    /// Whether the template picks partials or parents by a name found in the data (`{{>*name}}`).
    public var usesDynamicNames: Bool {
        func visit(_ nodes: [Node]) -> Bool {
            nodes.contains { node in
                switch node {
                case .partial(let partial): partial.dynamic
                case .parent(let parent): parent.dynamic || parent.overrides.values.contains { visit($0.children) }
                case .section(let section): visit(section.children)
                case .block(let block): visit(block.children)
                default: false
                }
            }
        }
        return visit(nodes)
    }
}
