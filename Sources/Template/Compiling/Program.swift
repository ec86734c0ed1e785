/// A template compiled for rendering: one flat array of instructions, with jump targets for
/// sections, blocks and parents, and side tables for what instructions refer to by index.
///
/// Instructions carry only integers, so stepping through them costs no reference counting, and
/// a render is one loop over this array (see ``Renderer``) instead of a walk over a tree of
/// classes. Every program ends with `.return`, as do the bodies of blocks and of overrides.
///
/// What the loop reads on every step (instructions, text, line breaks, name parts) is copied once
/// into memory the program owns, so the loop reads it through plain pointers: an array read from
/// a class would be retained and released around each use. It is `@unchecked Sendable` because
/// that memory is written in `init` only and freed in `deinit`.
final class Program: @unchecked Sendable {
    enum Instruction: Sendable {
        /// Static text: `count` bytes of ``Program/bytes`` from `start`; the line breaks in it
        /// are `lineEndCount` offsets in ``Program/lineEnds`` from `lineEndStart`.
        case text(start: Int32, count: Int32, lineEndStart: Int32, lineEndCount: Int32)
        /// `{{name}}` (escaped) or `{{{name}}}`.
        case variable(NameReference, escaped: Bool)
        /// `{{#name}}`: the body follows; `end` is its `.sectionEnd`.
        case section(NameReference, end: Int32)
        /// `{{^name}}`: the body follows, and `end` is the instruction after it.
        case invertedSection(NameReference, end: Int32)
        /// Closes a `.section`: the next item of a list starts again at `bodyStart`.
        case sectionEnd(bodyStart: Int32)
        /// `{{>name}}`, described by ``Program/partials`` at `index`.
        case partial(index: Int32)
        /// `{{<name}}…{{/name}}`, described by ``Program/parents`` at `index`; the bodies of its
        /// overrides follow, and `end` is the instruction after them.
        case parent(index: Int32, end: Int32)
        /// `{{$name}}…{{/name}}`, described by ``Program/blocks`` at `index`; its own body follows
        /// and `end` is the instruction after it.
        case block(index: Int32, end: Int32)
        /// Ends a template, a block's body or an override's body: back to where it was entered from.
        case `return`
    }

    /// A name as the loop uses it: `count` parts from `firstPart` in ``Program/nameParts`` (none for
    /// `.`), and `index` in ``Program/names``, for the name as written in errors.
    struct NameReference: Sendable {
        let index: Int32
        let firstPart: Int32
        let partCount: Int32
    }

    /// One part of a dotted name with its field hash.
    struct NamePart {
        let key: String
        let hash: UInt64
    }

    /// A partial or a parent: the template it names (or the data names, when `dynamic`) and the
    /// indentation a standalone tag gives each of its lines.
    struct Inclusion: Sendable {
        let name: Name
        let dynamic: Bool
        let indent: [UInt8]
    }

    /// What a parent replaces: each override's block name and where its body starts.
    struct Parent: Sendable {
        let inclusion: Inclusion
        let overrides: [Override]
    }

    struct Override: Sendable {
        let name: String
        let hash: UInt64
        let bodyStart: Int32
    }

    struct Block: Sendable {
        let name: String
        let hash: UInt64
        let indent: [UInt8]
    }

    let instructions: UnsafeBufferPointer<Instruction>
    let bytes: UnsafeBufferPointer<UInt8>
    let lineEnds: UnsafeBufferPointer<Int32>
    let nameParts: UnsafeBufferPointer<NamePart>
    /// Where each instruction came from, for errors.
    let positions: [SourcePosition]
    let names: [Name]
    let partials: [Inclusion]
    let parents: [Parent]
    let blocks: [Block]

    init(
        instructions: [Instruction], positions: [SourcePosition], bytes: [UInt8], lineEnds: [Int32], names: [Name],
        partials: [Inclusion], parents: [Parent], blocks: [Block]
    ) {
        self.instructions = Self.owned(instructions)
        self.bytes = Self.owned(bytes)
        self.lineEnds = Self.owned(lineEnds)
        self.nameParts = Self.owned(names.flatMap { name in zip(name.parts, name.hashes).map(NamePart.init) })
        self.positions = positions
        self.names = names
        self.partials = partials
        self.parents = parents
        self.blocks = blocks
    }

    deinit {
        instructions.deallocate()
        bytes.deallocate()
        lineEnds.deallocate()
        UnsafeMutableBufferPointer(mutating: nameParts).deinitialize()
        nameParts.deallocate()
    }

    private static func owned<Element>(_ elements: [Element]) -> UnsafeBufferPointer<Element> {
        let storage = UnsafeMutableBufferPointer<Element>.allocate(capacity: elements.count)
        _ = storage.initialize(from: elements)
        return UnsafeBufferPointer(storage)
    }
}
