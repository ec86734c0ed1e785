/// The parsed form of a template: a tree of segments, analysed as it is and flattened into a
/// ``Program`` for rendering.
///
/// Static text is kept as ready UTF-8 bytes with its line breaks found in advance; names are split
/// into their dotted parts at compile time. Payloads are immutable classes so visiting a node
/// costs one reference count, not one per field.
enum Node: Sendable {
    case text(Text)
    case variable(Variable)
    case section(Section)
    case partial(Partial)
    case parent(Parent)
    case block(Block)

    final class Text: Sendable {
        let bytes: [UInt8]
        /// The offset just after each `\n`, where an indented render inserts its indentation.
        let lineEnds: [Int]

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            self.lineEnds = bytes.indices.filter { bytes[$0] == .newline }.map { $0 + 1 }
        }
    }

    final class Variable: Sendable {
        let name: Name
        let escaped: Bool
        let position: SourcePosition

        init(name: Name, escaped: Bool, position: SourcePosition) {
            self.name = name
            self.escaped = escaped
            self.position = position
        }
    }

    final class Section: Sendable {
        let name: Name
        let inverted: Bool
        let children: [Node]
        let position: SourcePosition

        init(name: Name, inverted: Bool, children: [Node], position: SourcePosition) {
            self.name = name
            self.inverted = inverted
            self.children = children
            self.position = position
        }
    }

    /// `{{>name}}`; `indent` is the whitespace before a standalone tag, prepended to each line.
    final class Partial: Sendable {
        let name: Name
        let dynamic: Bool
        let indent: [UInt8]
        let position: SourcePosition

        init(name: Name, dynamic: Bool, indent: [UInt8], position: SourcePosition) {
            self.name = name
            self.dynamic = dynamic
            self.indent = indent
            self.position = position
        }
    }

    /// `{{<name}}…{{/name}}`: a partial whose blocks are replaced by `overrides`.
    final class Parent: Sendable {
        let name: Name
        let dynamic: Bool
        let indent: [UInt8]
        let overrides: [String: Block]
        let position: SourcePosition

        init(name: Name, dynamic: Bool, indent: [UInt8], overrides: [String: Block], position: SourcePosition) {
            self.name = name
            self.dynamic = dynamic
            self.indent = indent
            self.overrides = overrides
            self.position = position
        }
    }

    /// `{{$name}}…{{/name}}`: replaceable content. Its lines were stripped of `indent` when compiled,
    /// and `indent` is added back wherever the block (or what replaces it) is rendered.
    final class Block: Sendable {
        let name: String
        let indent: [UInt8]
        let children: [Node]
        let position: SourcePosition

        init(name: String, indent: [UInt8], children: [Node], position: SourcePosition) {
            self.name = name
            self.indent = indent
            self.children = children
            self.position = position
        }
    }
}

/// A possibly dotted name (`a.b.c`), or the implicit iterator `.` (no parts), with each part's
/// field hash computed once at compile time.
struct Name: Sendable, Hashable {
    let text: String
    let parts: [String]
    let hashes: [UInt64]

    init(_ text: String) {
        self.text = text
        self.parts = text == "." ? [] : text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        self.hashes = parts.map(FieldHash.of)
    }
}
