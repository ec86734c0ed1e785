/// Flattens the parsed tree of a template into a ``Program``, once, when the template is compiled.
struct ProgramBuilder {
    private var instructions: [Program.Instruction] = []
    private var positions: [SourcePosition] = []
    private var bytes: [UInt8] = []
    private var lineEnds: [Int32] = []
    private var names: [Name] = []
    private var partCount: Int32 = 0
    private var partials: [Program.Inclusion] = []
    private var parents: [Program.Parent] = []
    private var blocks: [Program.Block] = []
    /// Where instructions without a place of their own (text, `.return`) say they are.
    private let origin: SourcePosition

    static func program(for nodes: [Node], template: String) -> Program {
        var builder = ProgramBuilder(origin: SourcePosition(template: template, line: 1, column: 1))
        builder.emit(nodes)
        builder.append(.return, at: builder.origin)
        return Program(
            instructions: builder.instructions, positions: builder.positions, bytes: builder.bytes,
            lineEnds: builder.lineEnds, names: builder.names, partials: builder.partials, parents: builder.parents,
            blocks: builder.blocks)
    }

    private init(origin: SourcePosition) {
        self.origin = origin
    }

    private var next: Int32 { Int32(instructions.count) }

    private mutating func append(_ instruction: Program.Instruction, at position: SourcePosition) {
        instructions.append(instruction)
        positions.append(position)
    }

    /// Writes `instruction` over the placeholder at `index`, once its jump target is known.
    private mutating func patch(_ index: Int32, _ instruction: Program.Instruction) {
        instructions[Int(index)] = instruction
    }

    private mutating func emit(_ nodes: [Node]) {
        for node in nodes {
            switch node {
            case .text(let text):
                let start = Int32(bytes.count)
                let lineEndStart = Int32(lineEnds.count)
                lineEnds.append(contentsOf: text.lineEnds.map { start + Int32($0) })
                bytes.append(contentsOf: text.bytes)
                append(
                    .text(start: start, count: Int32(text.bytes.count), lineEndStart: lineEndStart,
                        lineEndCount: Int32(text.lineEnds.count)),
                    at: origin)
            case .variable(let variable):
                append(.variable(name(variable.name), escaped: variable.escaped), at: variable.position)
            case .section(let section):
                let name = name(section.name)
                let start = next
                append(.return, at: section.position)
                emit(section.children)
                if section.inverted {
                    patch(start, .invertedSection(name, end: next))
                } else {
                    patch(start, .section(name, end: next))
                    append(.sectionEnd(bodyStart: start + 1), at: section.position)
                }
            case .partial(let partial):
                partials.append(Program.Inclusion(name: partial.name, dynamic: partial.dynamic, indent: partial.indent))
                append(.partial(index: Int32(partials.count - 1)), at: partial.position)
            case .parent(let parent):
                let start = next
                append(.return, at: parent.position)
                var overrides: [Program.Override] = []
                for (name, block) in parent.overrides.sorted(by: { $0.key < $1.key }) {
                    overrides.append(Program.Override(name: name, hash: FieldHash.of(name), bodyStart: next))
                    emit(block.children)
                    append(.return, at: block.position)
                }
                parents.append(Program.Parent(
                    inclusion: Program.Inclusion(name: parent.name, dynamic: parent.dynamic, indent: parent.indent),
                    overrides: overrides))
                patch(start, .parent(index: Int32(parents.count - 1), end: next))
            case .block(let block):
                let start = next
                append(.return, at: block.position)
                let index = Int32(blocks.count)
                blocks.append(Program.Block(name: block.name, hash: FieldHash.of(block.name), indent: block.indent))
                emit(block.children)
                append(.return, at: block.position)
                patch(start, .block(index: index, end: next))
            }
        }
    }

    private mutating func name(_ name: Name) -> Program.NameReference {
        let reference = Program.NameReference(
            index: Int32(names.count), firstPart: partCount, partCount: Int32(name.parts.count))
        names.append(name)
        partCount += reference.partCount
        return reference
    }
}
