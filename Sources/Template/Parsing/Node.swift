/// The compiled form of a template: a tree of segments, built once and rendered many times.
///
/// Static text is kept as ready UTF-8 bytes; names are split into their dotted parts at compile time.
indirect enum Node: Sendable {
    case text([UInt8])
    case variable(Variable)
    case section(Section)
    case partial(Partial)
    case parent(Parent)
    case block(Block)

    struct Variable: Sendable {
        let name: Name
        let escaped: Bool
        let position: SourcePosition
    }

    struct Section: Sendable {
        let name: Name
        let inverted: Bool
        let children: [Node]
        let position: SourcePosition
    }

    /// `{{>name}}`; `indent` is the whitespace before a standalone tag, prepended to each line.
    struct Partial: Sendable {
        let name: Name
        let dynamic: Bool
        let indent: [UInt8]
        let position: SourcePosition
    }

    /// `{{<name}}…{{/name}}`: a partial whose blocks are replaced by `overrides`.
    struct Parent: Sendable {
        let name: Name
        let dynamic: Bool
        let indent: [UInt8]
        let overrides: [String: Block]
        let position: SourcePosition
    }

    /// `{{$name}}…{{/name}}`: replaceable content. Its lines were stripped of `indent` when compiled,
    /// and `indent` is added back wherever the block (or what replaces it) is rendered.
    struct Block: Sendable {
        let name: String
        let indent: [UInt8]
        let children: [Node]
        let position: SourcePosition
    }
}

/// A possibly dotted name (`a.b.c`), or the implicit iterator `.` (no parts).
struct Name: Sendable, Hashable {
    let text: String
    let parts: [String]

    init(_ text: String) {
        self.text = text
        self.parts = text == "." ? [] : text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }
}
