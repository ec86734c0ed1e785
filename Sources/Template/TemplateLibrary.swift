import Foundation

/// Named templates that can refer to each other as partials (`{{>name}}`) and parents
/// (`{{<name}}…{{/name}}`), e.g. a shared email layout and a schedule partial.
///
/// ```swift
/// let library = try TemplateLibrary(directory: URL(fileURLWithPath: "Templates"))
/// let html = try library.render("installment-paid/en.html", context,
///                               options: RenderOptions(contentType: .html, mode: .strict))
/// ```
public struct TemplateLibrary: Sendable {
    private var templates: [String: CompiledTemplate] = [:]

    public init(_ templates: [CompiledTemplate] = []) {
        for template in templates {
            register(template)
        }
    }

    /// Adds (or replaces) a template under `name`, by default its own name.
    public mutating func register(_ template: CompiledTemplate, as name: String? = nil) {
        templates[name ?? template.name] = template
    }

    public subscript(name: String) -> CompiledTemplate? {
        templates[name]
    }

    /// Every template's name, sorted.
    public var templateNames: [String] {
        templates.keys.sorted()
    }

    public func render(_ name: String, _ value: some Encodable, options: RenderOptions = RenderOptions()) throws(TemplateError) -> String {
        try render(name, TemplateEncoder().encode(value), options: options)
    }

    public func render(_ name: String, _ value: TemplateValue, options: RenderOptions = RenderOptions()) throws(TemplateError) -> String {
        try template(named: name).render(value, library: self, options: options)
    }

    /// Renders `name` into `buffer` (replacing its contents): bytes for a caller that makes its own
    /// `String` of them, or none, without the UTF-8 check `String(decoding:)` makes.
    package func render(_ name: String, _ value: TemplateValue, into buffer: inout [UInt8], options: RenderOptions) throws(TemplateError) {
        try template(named: name).render(value, into: &buffer, library: self, options: options)
    }

    private func template(named name: String) throws(TemplateError) -> CompiledTemplate {
        guard let template = templates[name] else { throw TemplateError(.unknownTemplate(name), at: nil) }
        return template
    }
}
