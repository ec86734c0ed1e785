/// One render in progress: walks compiled nodes and appends bytes into a single output buffer.
///
/// Indentation (of standalone partials and re-indented blocks) is applied as output is written:
/// `indent` is added at the start of every line that static text begins, never inside
/// interpolated values, as the spec requires.
struct Renderer: ~Copyable {
    var output: OutputBuffer
    private var stack: [TemplateValue]
    private var indent: [UInt8] = []
    private var atLineStart = true
    private var overrides: [String: Node.Block] = [:]
    private var depth = 0
    private let library: TemplateLibrary
    private let options: RenderOptions
    private let environment: RenderEnvironment
    private let escapes: Bool
    private let strict: Bool

    init(output: consuming OutputBuffer, root: TemplateValue, library: TemplateLibrary, options: RenderOptions) {
        self.output = output
        self.stack = [root]
        self.library = library
        self.options = options
        self.environment = RenderEnvironment(locale: options.locale, contentType: options.contentType, formattingOverrides: options.formattingOverrides)
        self.escapes = options.contentType == .html
        self.strict = options.mode == .strict
    }

    mutating func render(_ nodes: [Node]) throws(TemplateError) {
        var index = 0
        let count = nodes.count
        while index < count {
            defer { index += 1 }
            switch nodes[index] {
            case .text(let text): appendText(text)
            case .variable(let variable): try renderVariable(variable)
            case .section(let section): try renderSection(section)
            case .partial(let partial): try renderPartial(partial)
            case .parent(let parent): try renderParent(parent)
            case .block(let block): try renderBlock(block)
            }
        }
    }

    // MARK: Output

    private mutating func appendText(_ text: Node.Text) {
        text.bytes.withUnsafeBufferPointer { bytes in
            guard !bytes.isEmpty else { return }
            guard !indent.isEmpty else {
                output.append(bytes)
                atLineStart = bytes[bytes.count - 1] == .newline
                return
            }
            var lineStart = 0
            for lineEnd in text.lineEnds {
                if atLineStart { output.append(indent) }
                output.append(UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]))
                atLineStart = true
                lineStart = lineEnd
            }
            if lineStart < bytes.count {
                if atLineStart { output.append(indent) }
                output.append(UnsafeBufferPointer(rebasing: bytes[lineStart...]))
                atLineStart = false
            }
        }
    }

    /// Starts inline content (an interpolation): indents if it begins a line.
    private mutating func beginInline() {
        if atLineStart, !indent.isEmpty { output.append(indent) }
        atLineStart = false
    }

    private mutating func appendValue(_ text: String, escaped: Bool) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            if escaped {
                HTMLEscaping.append(bytes, to: &output)
            } else {
                output.append(bytes)
            }
        }
        if done == nil {
            var contiguous = text
            contiguous.makeContiguousUTF8()
            appendValue(contiguous, escaped: escaped)
        }
    }

    // MARK: Tags

    private mutating func renderVariable(_ variable: Node.Variable) throws(TemplateError) {
        beginInline()
        guard let value = lookup(variable.name) else {
            if strict { throw TemplateError(.missingName(variable.name.text), at: variable.position) }
            return
        }
        let escaped = variable.escaped && escapes
        switch value {
        case .null: break
        case .string(let text): appendValue(text, escaped: escaped)
        case .int(let number): appendValue(String(number), escaped: false)
        case .double(let number): appendValue(String(number), escaped: false)
        case .bool(let flag): appendValue(flag ? "true" : "false", escaped: false)
        case .formatted(let formatted): appendValue(formatted.value.templateText(in: environment), escaped: escaped)
        case .list, .object:
            if strict {
                throw TemplateError(.notInterpolatable(name: variable.name.text, kind: value.kindDescription), at: variable.position)
            }
        }
    }

    private mutating func renderSection(_ section: Node.Section) throws(TemplateError) {
        let found = lookup(section.name)
        if found == nil, strict {
            throw TemplateError(.missingName(section.name.text), at: section.position)
        }
        let value = found ?? .null
        if section.inverted {
            if value.isFalsey { try render(section.children) }
            return
        }
        if value.isFalsey { return }
        switch value {
        case .list(let items):
            for item in items {
                stack.append(item)
                try render(section.children)
                stack.removeLast()
            }
        case .int, .double:
            if strict {
                throw TemplateError(.notIterable(name: section.name.text, kind: value.kindDescription), at: section.position)
            }
            stack.append(value)
            try render(section.children)
            stack.removeLast()
        default:
            stack.append(value)
            try render(section.children)
            stack.removeLast()
        }
    }

    private mutating func renderPartial(_ partial: Node.Partial) throws(TemplateError) {
        guard let template = try resolve(partial.name, dynamic: partial.dynamic, at: partial.position) else { return }
        try enter(template, indent: partial.indent, at: partial.position)
    }

    private mutating func renderParent(_ parent: Node.Parent) throws(TemplateError) {
        guard let template = try resolve(parent.name, dynamic: parent.dynamic, at: parent.position) else { return }
        let saved = overrides
        // The outermost substitution wins: what is already in force overrides the parent's own.
        overrides = parent.overrides.merging(saved) { _, outer in outer }
        defer { overrides = saved }
        try enter(template, indent: parent.indent, at: parent.position)
    }

    private mutating func renderBlock(_ block: Node.Block) throws(TemplateError) {
        let content = overrides[block.name] ?? block
        let saved = indent
        indent.append(contentsOf: block.indent)
        defer { indent = saved }
        try render(content.children)
    }

    private mutating func enter(_ template: CompiledTemplate, indent extra: [UInt8], at position: SourcePosition) throws(TemplateError) {
        guard depth < options.maximumDepth else {
            throw TemplateError(.recursionTooDeep(limit: options.maximumDepth), at: position)
        }
        depth += 1
        let saved = indent
        indent.append(contentsOf: extra)
        defer {
            indent = saved
            depth -= 1
        }
        try render(template.nodes)
    }

    // MARK: Lookup

    private func resolve(_ name: Name, dynamic: Bool, at position: SourcePosition) throws(TemplateError) -> CompiledTemplate? {
        var templateName = name.text
        if dynamic {
            guard case .string(let resolved)? = lookup(name) else {
                if strict { throw TemplateError(.missingName(name.text), at: position) }
                return nil
            }
            templateName = resolved
        }
        guard let template = library[templateName] else {
            if strict { throw TemplateError(.missingPartial(templateName), at: position) }
            return nil
        }
        return template
    }

    /// Mustache name resolution: the first part is searched from the innermost context outwards,
    /// the remaining parts only inside what the first one found.
    private func lookup(_ name: Name) -> TemplateValue? {
        let parts = name.parts
        guard let first = parts.first else { return stack.last }
        let hashes = name.hashes
        var current: TemplateValue?
        var frame = stack.count - 1
        while frame >= 0 {
            if let found = stack[frame].member(first, hash: hashes[0]) {
                current = found
                break
            }
            frame -= 1
        }
        var partIndex = 1
        while partIndex < parts.count, let value = current {
            current = value.member(parts[partIndex], hash: hashes[partIndex])
            partIndex += 1
        }
        return current
    }
}
