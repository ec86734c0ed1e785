/// Compiles Mustache source into ``Node``s, following the spec's rules for standalone lines,
/// delimiter changes, partial indentation and block re-indentation.
///
/// It works on UTF-8 bytes (never `Character`s, so `"\r\n"` is two bytes like the spec expects)
/// and reports every error with the template's name, line and column.
struct Parser {
    private let bytes: [UInt8]
    private let templateName: String
    private let lineStarts: [Int]
    private var index = 0
    private var openDelimiter: [UInt8] = Array("{{".utf8)
    private var closeDelimiter: [UInt8] = Array("}}".utf8)
    /// The next byte starts a source line, whose leading whitespace has not been read yet.
    private var atLineStart = true
    /// Only whitespace (held in `pendingWhitespace`) stands before the cursor on the current line.
    private var onlyWhitespaceSoFar = true
    private var pendingWhitespace: Range<Int> = 0..<0

    static let maximumNesting = 100

    init(source: String, templateName: String) {
        self.bytes = Array(source.utf8)
        self.templateName = templateName
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == .newline {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    mutating func parse() throws(TemplateError) -> [Node] {
        try parseScope(.root, dedent: 0, depth: 0)
    }

    // MARK: Scopes

    private enum Scope {
        case root
        case section(name: String, position: SourcePosition)
        case block(name: String, position: SourcePosition)
        case parentBody(name: String, position: SourcePosition)

        var name: String? {
            switch self {
            case .root: nil
            case .section(let name, _), .block(let name, _), .parentBody(let name, _): name
            }
        }

        var position: SourcePosition? {
            switch self {
            case .root: nil
            case .section(_, let position), .block(_, let position), .parentBody(_, let position): position
            }
        }

        /// Inside `{{<parent}}…{{/parent}}` only blocks matter: other text is dropped, and tags there
        /// do not stop the tags after them from standing alone on their line.
        var isParentBody: Bool {
            if case .parentBody = self { return true }
            return false
        }
    }

    /// Parses nodes until the scope's closing tag (consumed) or, for the root, the end of the source.
    /// `dedent` is how much leading whitespace to strip from each line (inside blocks).
    private mutating func parseScope(_ scope: Scope, dedent: Int, depth: Int) throws(TemplateError) -> [Node] {
        guard depth <= Self.maximumNesting else {
            throw TemplateError(.nestingTooDeep(limit: Self.maximumNesting), at: scope.position)
        }
        var nodes: [Node] = []
        var text: [UInt8] = []
        let keepsText = !scope.isParentBody

        func flushText() {
            if !text.isEmpty {
                nodes.append(.text(Node.Text(text)))
                text.removeAll(keepingCapacity: true)
            }
        }

        while true {
            if atLineStart {
                readLeadingWhitespace(dedent: dedent)
            }
            let textStart = index
            while index < bytes.count, bytes[index] != .newline, !startsWithOpenDelimiter(at: index) {
                index += 1
            }
            if index > textStart {
                if keepsText {
                    text.append(contentsOf: bytes[pendingWhitespace])
                    text.append(contentsOf: bytes[textStart..<index])
                    onlyWhitespaceSoFar = false
                }
                pendingWhitespace = index..<index
            }
            if index == bytes.count {
                if keepsText { text.append(contentsOf: bytes[pendingWhitespace]) }
                pendingWhitespace = index..<index
                guard case .root = scope else {
                    throw TemplateError(.unclosedSection(name: scope.name ?? ""), at: scope.position)
                }
                flushText()
                return nodes
            }
            if bytes[index] == .newline {
                if keepsText {
                    text.append(contentsOf: bytes[pendingWhitespace])
                    text.append(.newline)
                }
                index += 1
                atLineStart = true
                continue
            }

            let tag = try readTag()
            let leadingWhitespace = Array(bytes[pendingWhitespace])
            let lineWasBlank = onlyWhitespaceSoFar
            var standalone = false
            if lineWasBlank, tag.kind.canStandAlone, let lineEnd = endOfBlankLine(from: index) {
                standalone = true
                index = lineEnd
                atLineStart = true
            } else {
                if keepsText { text.append(contentsOf: leadingWhitespace) }
                onlyWhitespaceSoFar = false
            }
            pendingWhitespace = index..<index

            switch tag.kind {
            case .comment:
                break
            case .delimiters(let open, let close):
                openDelimiter = open
                closeDelimiter = close
            case .variable(let escaped):
                flushText()
                nodes.append(.variable(.init(name: try validName(tag), escaped: escaped, position: tag.position)))
            case .section(let inverted):
                flushText()
                let name = try validName(tag)
                let children = try parseScope(.section(name: name.text, position: tag.position), dedent: dedent, depth: depth + 1)
                nodes.append(.section(.init(name: name, inverted: inverted, children: children, position: tag.position)))
            case .close:
                let name = tag.content
                guard let expected = scope.name, let openedAt = scope.position else {
                    throw TemplateError(.unexpectedClosingTag(name: name), at: tag.position)
                }
                guard name == expected else {
                    throw TemplateError(.mismatchedClosingTag(name: name, expected: expected, openedAt: openedAt), at: tag.position)
                }
                flushText()
                return nodes
            case .partial(let dynamic):
                flushText()
                nodes.append(.partial(.init(
                    name: try validName(tag), dynamic: dynamic, indent: standalone ? leadingWhitespace : [],
                    position: tag.position)))
            case .parent(let dynamic):
                flushText()
                let name = try validName(tag)
                onlyWhitespaceSoFar = lineWasBlank
                let body = try parseScope(.parentBody(name: tag.content, position: tag.position), dedent: dedent, depth: depth + 1)
                var overrides: [String: Node.Block] = [:]
                for case .block(let block) in body where overrides[block.name] == nil {
                    overrides[block.name] = block
                }
                nodes.append(.parent(.init(
                    name: name, dynamic: dynamic, indent: lineWasBlank ? leadingWhitespace : [],
                    overrides: overrides, position: tag.position)))
            case .block:
                flushText()
                let name = try validName(tag)
                let indent: [UInt8]
                if standalone {
                    indent = indentOfNextLine(dedent: dedent)
                } else {
                    indent = lineWasBlank ? leadingWhitespace : []
                }
                let children = try parseScope(.block(name: name.text, position: tag.position), dedent: dedent + indent.count, depth: depth + 1)
                nodes.append(.block(.init(name: name.text, indent: indent, children: children, position: tag.position)))
            }
            if scope.isParentBody {
                onlyWhitespaceSoFar = lineWasBlank
            }
        }
    }

    // MARK: Lines

    /// Reads a line's leading spaces and tabs into `pendingWhitespace`, minus `dedent` of them.
    private mutating func readLeadingWhitespace(dedent: Int) {
        let start = index
        while index < bytes.count, bytes[index] == .space || bytes[index] == .tab {
            index += 1
        }
        pendingWhitespace = min(start + dedent, index)..<index
        atLineStart = false
        onlyWhitespaceSoFar = true
    }

    /// The leading whitespace of the line at the cursor, beyond the `dedent` already stripped.
    private func indentOfNextLine(dedent: Int) -> [UInt8] {
        var end = index
        while end < bytes.count, bytes[end] == .space || bytes[end] == .tab {
            end += 1
        }
        return Array(bytes[min(index + dedent, end)..<end])
    }

    /// If only spaces and tabs follow up to a line break (or the end), the offset after it.
    private func endOfBlankLine(from start: Int) -> Int? {
        var cursor = start
        while cursor < bytes.count, bytes[cursor] == .space || bytes[cursor] == .tab {
            cursor += 1
        }
        if cursor == bytes.count { return cursor }
        if bytes[cursor] == .newline { return cursor + 1 }
        if bytes[cursor] == .carriageReturn, cursor + 1 < bytes.count, bytes[cursor + 1] == .newline { return cursor + 2 }
        return nil
    }

    private func startsWithOpenDelimiter(at offset: Int) -> Bool {
        matches(openDelimiter, at: offset)
    }

    private func matches(_ pattern: [UInt8], at offset: Int) -> Bool {
        guard offset + pattern.count <= bytes.count else { return false }
        for (shift, byte) in pattern.enumerated() where bytes[offset + shift] != byte {
            return false
        }
        return true
    }

    // MARK: Tags

    private struct Tag {
        enum Kind {
            case variable(escaped: Bool)
            case section(inverted: Bool)
            case close
            case comment
            case partial(dynamic: Bool)
            case parent(dynamic: Bool)
            case block
            case delimiters(open: [UInt8], close: [UInt8])

            var canStandAlone: Bool {
                if case .variable = self { return false }
                return true
            }
        }

        let kind: Kind
        /// The tag's content without sigil or surrounding whitespace.
        let content: String
        let position: SourcePosition
    }

    /// Reads the tag at the cursor (which is on an open delimiter) and moves past it.
    private mutating func readTag() throws(TemplateError) -> Tag {
        let position = self.position(of: index)
        let contentStart = index + openDelimiter.count
        let triple = contentStart < bytes.count && bytes[contentStart] == .openBrace
        let terminator = triple ? [.closeBrace] + closeDelimiter : closeDelimiter
        var cursor = contentStart
        while cursor < bytes.count, !matches(terminator, at: cursor) {
            cursor += 1
        }
        guard cursor < bytes.count else {
            throw TemplateError(.unterminatedTag(expected: String(decoding: terminator, as: UTF8.self)), at: position)
        }
        var content = bytes[contentStart..<cursor]
        index = cursor + terminator.count

        guard let sigil = content.first else { throw TemplateError(.emptyTag, at: position) }
        let kind: Tag.Kind
        switch sigil {
        case .openBrace: kind = .variable(escaped: false)
        case .ampersand: kind = .variable(escaped: false)
        case .hash: kind = .section(inverted: false)
        case .caret: kind = .section(inverted: true)
        case .slash: kind = .close
        case .exclamation: kind = .comment
        case .greaterThan: kind = .partial(dynamic: false)
        case .lessThan: kind = .parent(dynamic: false)
        case .dollar: kind = .block
        case .equals:
            return Tag(kind: try delimiters(in: content, at: position), content: "", position: position)
        default:
            return Tag(kind: .variable(escaped: true), content: trimmed(content), position: position)
        }
        content = content.dropFirst()
        if case .comment = kind {
            return Tag(kind: kind, content: "", position: position)
        }
        var name = trimmed(content)
        switch kind {
        case .partial, .parent:
            if name.hasPrefix("*") {
                name = String(name.dropFirst()).trimmingWhitespace()
                let dynamicKind: Tag.Kind = if case .partial = kind { .partial(dynamic: true) } else { .parent(dynamic: true) }
                return Tag(kind: dynamicKind, content: name, position: position)
            }
        default:
            break
        }
        return Tag(kind: kind, content: name, position: position)
    }

    private func delimiters(in content: ArraySlice<UInt8>, at position: SourcePosition) throws(TemplateError) -> Tag.Kind {
        let raw = String(decoding: content, as: UTF8.self)
        guard content.count >= 2, content.last == .equals else {
            throw TemplateError(.invalidDelimiters(raw), at: position)
        }
        let inner = content.dropFirst().dropLast()
        let parts = inner.split(whereSeparator: { $0 == .space || $0 == .tab || $0 == .newline || $0 == .carriageReturn })
        guard parts.count == 2, parts.allSatisfy({ !$0.contains(.equals) }) else {
            throw TemplateError(.invalidDelimiters(raw), at: position)
        }
        return .delimiters(open: Array(parts[0]), close: Array(parts[1]))
    }

    private func trimmed(_ content: ArraySlice<UInt8>) -> String {
        String(decoding: content, as: UTF8.self).trimmingWhitespace()
    }

    private func validName(_ tag: Tag) throws(TemplateError) -> Name {
        guard !tag.content.isEmpty else { throw TemplateError(.emptyTag, at: tag.position) }
        guard !tag.content.unicodeScalars.contains(where: { $0.properties.isWhitespace }) else {
            throw TemplateError(.invalidName(tag.content), at: tag.position)
        }
        return Name(tag.content)
    }

    private func position(of offset: Int) -> SourcePosition {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let column = bytes[lineStarts[low]..<offset].reduce(1) { count, byte in
            byte & 0xC0 == 0x80 ? count : count + 1
        }
        return SourcePosition(template: templateName, line: low + 1, column: column)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}

extension UInt8 {
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let ampersand = UInt8(ascii: "&")
    static let hash = UInt8(ascii: "#")
    static let caret = UInt8(ascii: "^")
    static let slash = UInt8(ascii: "/")
    static let exclamation = UInt8(ascii: "!")
    static let greaterThan = UInt8(ascii: ">")
    static let lessThan = UInt8(ascii: "<")
    static let dollar = UInt8(ascii: "$")
    static let equals = UInt8(ascii: "=")
    static let quote = UInt8(ascii: "\"")
    static let apostrophe = UInt8(ascii: "'")
}
