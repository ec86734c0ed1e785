/// One render in progress: runs a compiled ``Program`` and appends bytes into a single output buffer.
///
/// The run is one loop over instructions. Entering a partial, a parent, a block or an override
/// pushes a frame that `.return` pops; a section pushes a loop that `.sectionEnd` advances, so
/// nothing recurses and nothing is retained per instruction.
///
/// Indentation (of standalone partials and re-indented blocks) is applied as output is written:
/// `indent` is added at the start of every line that static text begins, never inside
/// interpolated values, as the spec requires.
struct Renderer: ~Copyable {
    var output: OutputBuffer
    private var context: ContextStack
    private var indent: [UInt8] = []
    private var atLineStart = true
    /// The overrides of the parents being rendered, outermost first: the first match wins.
    private var overrides: [ActiveOverride] = []
    private var frames: [Frame] = []
    private var loops: [Loop] = []
    private var depth = 0
    private var lastInclusion: (program: Unmanaged<Program>, pc: Int, target: Unmanaged<Program>)?
    private let library: TemplateLibrary
    private let options: RenderOptions
    private let environment: RenderEnvironment
    private let escapes: Bool
    private let strict: Bool

    // Programs are held unretained here (`Unmanaged`) and read through `_withUnsafeGuaranteedRef`:
    // every program a render runs belongs to the template being rendered or to a template of the
    // library the render holds, so all of them outlive the render, and entering and leaving
    // partials, blocks and overrides costs no reference counting (it was an eighth of the time).

    /// Where a `.return` goes back to, and what it restores.
    private struct Frame {
        let program: Unmanaged<Program>
        let returnTo: Int
        let indentCount: Int
        let overrideCount: Int
        let depth: Int
    }

    private struct ActiveOverride {
        let name: String
        let hash: UInt64
        let program: Unmanaged<Program>
        let bodyStart: Int
    }

    /// A section being rendered: for a list (`count` items, never empty), the next item.
    private struct Loop {
        let count: Int
        var next: Int
    }

    /// The program being run, with the memory the loop reads held as plain pointers.
    private struct Running {
        let program: Unmanaged<Program>
        let instructions: UnsafeBufferPointer<Program.Instruction>
        let bytes: UnsafeBufferPointer<UInt8>
        let lineEnds: UnsafeBufferPointer<Int32>
        let nameParts: UnsafeBufferPointer<Program.NamePart>

        init(_ program: Unmanaged<Program>) {
            self.program = program
            (instructions, bytes, lineEnds, nameParts) = program._withUnsafeGuaranteedRef {
                ($0.instructions, $0.bytes, $0.lineEnds, $0.nameParts)
            }
        }

        func parts(_ name: Program.NameReference) -> UnsafeBufferPointer<Program.NamePart> {
            let first = Int(name.firstPart)
            return UnsafeBufferPointer(rebasing: nameParts[first..<first + Int(name.partCount)])
        }

        /// Reads the program's tables (partials, parents, blocks) in place, unretained.
        func tables<Result>(_ read: (Program) -> Result) -> Result {
            program._withUnsafeGuaranteedRef(read)
        }

        func isRunning(_ other: Unmanaged<Program>) -> Bool {
            program.toOpaque() == other.toOpaque()
        }
    }

    init(output: consuming OutputBuffer, root: TemplateValue, library: TemplateLibrary, options: RenderOptions) {
        self.output = output
        self.context = ContextStack(root: root)
        frames.reserveCapacity(8)
        loops.reserveCapacity(8)
        overrides.reserveCapacity(8)
        self.library = library
        self.options = options
        self.environment = RenderEnvironment(locale: options.locale, contentType: options.contentType, formattingOverrides: options.formattingOverrides)
        self.escapes = options.contentType == .html
        self.strict = options.mode == .strict
    }

    /// Runs `root`, which the caller keeps alive (it is the template being rendered).
    mutating func render(_ root: Program) throws(TemplateError) {
        var running = Running(Unmanaged.passUnretained(root))
        var pc = 0
        while true {
            switch running.instructions[pc] {
            case .text(let start, let count, let lineEndStart, let lineEndCount):
                let start = Int(start)
                let lineEndStart = Int(lineEndStart)
                appendText(
                    UnsafeBufferPointer(rebasing: running.bytes[start..<start + Int(count)]), textStart: start,
                    lineEnds: UnsafeBufferPointer(rebasing: running.lineEnds[lineEndStart..<lineEndStart + Int(lineEndCount)]))
                pc += 1
            case .variable(let name, let escaped):
                try renderVariable(running.parts(name), escaped: escaped, failing: Failure(running.program, pc, name))
                pc += 1
            case .section(let name, let end):
                let entered = try enterSection(running.parts(name), failing: Failure(running.program, pc, name))
                pc = entered ? pc + 1 : Int(end) + 1
            case .invertedSection(let name, let end):
                let found = context.locate(running.parts(name))
                if found == nil, strict {
                    throw Failure(running.program, pc, name).error(TemplateError.Reason.missingName)
                }
                let falsey = found.map { context.withValue(at: $0) { $0.isFalsey } } ?? true
                pc = falsey ? pc + 1 : Int(end)
            case .sectionEnd(let bodyStart):
                pc = advanceLoop() ? Int(bodyStart) : pc + 1
            case .partial(let index):
                // Table entries are read in place, field by field: copying one out costs a
                // reference count per array and string in it.
                let index = Int(index)
                let dynamic = running.tables { $0.partials[index].dynamic }
                guard let target = try include(at: pc, in: running.program, dynamic: dynamic, name: { $0.partials[index].name })
                else {
                    pc += 1
                    continue
                }
                try enter(returningTo: pc + 1, from: running.program, at: pc)
                running.tables { deepen(by: $0.partials[index].indent) }
                running = Running(target)
                pc = 0
            case .parent(let index, let end):
                let index = Int(index)
                let dynamic = running.tables { $0.parents[index].inclusion.dynamic }
                guard let target = try include(
                    at: pc, in: running.program, dynamic: dynamic, name: { $0.parents[index].inclusion.name })
                else {
                    pc = Int(end)
                    continue
                }
                try enter(returningTo: Int(end), from: running.program, at: pc)
                let program = running.program
                running.tables { tables in
                    deepen(by: tables.parents[index].inclusion.indent)
                    for override in tables.parents[index].overrides {
                        overrides.append(ActiveOverride(
                            name: override.name, hash: override.hash, program: program, bodyStart: Int(override.bodyStart)))
                    }
                }
                running = Running(target)
                pc = 0
            case .block(let index, let end):
                let index = Int(index)
                frames.append(Frame(
                    program: running.program, returnTo: Int(end), indentCount: indent.count, overrideCount: overrides.count,
                    depth: depth))
                let replacement = running.tables { tables in
                    deepen(by: tables.blocks[index].indent)
                    return override(for: tables.blocks[index])
                }
                if let replacement {
                    if !running.isRunning(replacement.program) { running = Running(replacement.program) }
                    pc = replacement.bodyStart
                } else {
                    pc += 1
                }
            case .return:
                guard let frame = frames.popLast() else { return }
                indent.removeLast(indent.count - frame.indentCount)
                overrides.removeLast(overrides.count - frame.overrideCount)
                depth = frame.depth
                if !running.isRunning(frame.program) { running = Running(frame.program) }
                pc = frame.returnTo
            }
        }
    }

    /// Pushes the frame of a partial or parent, or throws when they nest too deeply.
    private mutating func enter(returningTo returnTo: Int, from program: Unmanaged<Program>, at pc: Int) throws(TemplateError) {
        guard depth < options.maximumDepth else {
            let position = program._withUnsafeGuaranteedRef { $0.positions[pc] }
            throw TemplateError(.recursionTooDeep(limit: options.maximumDepth), at: position)
        }
        frames.append(Frame(
            program: program, returnTo: returnTo, indentCount: indent.count, overrideCount: overrides.count, depth: depth))
        depth += 1
    }

    /// Adds a partial's, parent's or block's indentation (read in place from its program).
    private mutating func deepen(by extra: borrowing [UInt8]) {
        guard !extra.isEmpty else { return }
        extra.withUnsafeBufferPointer { indent.append(contentsOf: $0) }
    }

    /// Where the override of `block` in force starts, if any (the outermost wins).
    private func override(for block: Program.Block) -> (program: Unmanaged<Program>, bodyStart: Int)? {
        for override in overrides where override.hash == block.hash && override.name == block.name {
            return (override.program, override.bodyStart)
        }
        return nil
    }

    // MARK: Output

    /// Appends static text; `lineEnds` are the offsets (in the program's bytes, whose `text`
    /// starts at `textStart`) just after each line break, where indentation goes.
    private mutating func appendText(
        _ text: UnsafeBufferPointer<UInt8>, textStart: Int, lineEnds: UnsafeBufferPointer<Int32>
    ) {
        guard !text.isEmpty else { return }
        guard !indent.isEmpty else {
            output.append(text)
            atLineStart = text[text.count - 1] == .newline
            return
        }
        indent.withUnsafeBufferPointer { indent in
            var lineStart = 0
            for lineEnd in lineEnds {
                let end = Int(lineEnd) - textStart
                if atLineStart { output.append(indent) }
                output.append(UnsafeBufferPointer(rebasing: text[lineStart..<end]))
                atLineStart = true
                lineStart = end
            }
            if lineStart < text.count {
                if atLineStart { output.append(indent) }
                output.append(UnsafeBufferPointer(rebasing: text[lineStart...]))
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

    /// What an instruction needs to say where it failed, kept apart so that the names and
    /// positions are read on failure only.
    private struct Failure {
        /// Unretained: the program is running, so it is alive, and the common case (no failure)
        /// costs no reference count.
        let program: Unmanaged<Program>
        let pc: Int
        let name: Program.NameReference

        init(_ program: Unmanaged<Program>, _ pc: Int, _ name: Program.NameReference) {
            self.program = program
            self.pc = pc
            self.name = name
        }

        func error(_ reason: (String) -> TemplateError.Reason) -> TemplateError {
            let program = program.takeUnretainedValue()
            return TemplateError(reason(program.names[Int(name.index)].text), at: program.positions[pc])
        }

        func error(_ reason: (String, String) -> TemplateError.Reason, kind: String) -> TemplateError {
            let program = program.takeUnretainedValue()
            return TemplateError(reason(program.names[Int(name.index)].text, kind), at: program.positions[pc])
        }
    }

    private mutating func renderVariable(
        _ name: UnsafeBufferPointer<Program.NamePart>, escaped: Bool, failing failure: Failure
    ) throws(TemplateError) {
        beginInline()
        let escaped = escaped && escapes
        let uninterpolatable: String?
        switch context.locate(name) {
        case nil:
            if strict { throw failure.error(TemplateError.Reason.missingName) }
            return
        case .context(let frame):
            uninterpolatable = interpolate(context.value(at: .context(frame)), escaped: escaped)
        case .field(let fields, let position):
            // Read in place: the value is neither copied nor retained.
            uninterpolatable = fields._withUnsafeGuaranteedRef { fields in
                fields.fields.withUnsafeBufferPointer { interpolate($0[position].value, escaped: escaped) }
            }
        }
        if let kind = uninterpolatable, strict {
            throw failure.error(TemplateError.Reason.notInterpolatable, kind: kind)
        }
    }

    /// Appends `value` as text; for a list or an object, appends nothing and returns its kind.
    private mutating func interpolate(_ value: borrowing TemplateValue, escaped: Bool) -> String? {
        switch value {
        case .null: break
        case .string(let text): appendValue(text, escaped: escaped)
        case .int(let number): output.appendDecimal(number)
        case .double(let number): appendValue(String(number), escaped: false)
        case .bool(let flag): appendValue(flag ? "true" : "false", escaped: false)
        case .formatted(let formatted): appendValue(formatted.value.templateText(in: environment), escaped: escaped)
        case .list, .object: return value.kindDescription
        }
        return nil
    }

    /// Starts a section: whether its body runs (then a loop and a context are pushed).
    private mutating func enterSection(
        _ name: UnsafeBufferPointer<Program.NamePart>, failing failure: Failure
    ) throws(TemplateError) -> Bool {
        guard let location = context.locate(name) else {
            if strict { throw failure.error(TemplateError.Reason.missingName) }
            return false
        }
        let entered = context.withValue(at: location) { value -> SectionEntry in
            if value.isFalsey { return .skipped }
            switch value {
            case .list: return .list
            case .int, .double: return .number
            default: return .value
            }
        }
        switch entered {
        case .skipped:
            return false
        case .list:
            guard case .list(let items) = context.value(at: location) else { return false }
            loops.append(Loop(count: items.count, next: 1))
            context.push(list: items)
            return true
        case .number where strict:
            throw failure.error(TemplateError.Reason.notIterable, kind: "a number")
        case .number, .value:
            loops.append(Loop(count: 0, next: 0))
            context.push(location)
            return true
        }
    }

    /// What a section's value makes of it, read without copying the value.
    private enum SectionEntry {
        case skipped, list, number, value
    }


    /// At a section's end: moves to the list's next item (true), or leaves the section.
    private mutating func advanceLoop() -> Bool {
        let last = loops.count - 1
        let next = loops[last].next
        let count = loops[last].count
        if next < count {
            context.moveToItem(next)
            loops[last].next = next + 1
            return true
        }
        loops.removeLast()
        context.pop(list: count > 0)
        return false
    }

    // MARK: Lookup

    /// The program a partial or parent at `pc` runs. A fixed name resolves to the same template
    /// all render long, so the last one is kept: a partial in a list section is looked up once.
    private mutating func include(
        at pc: Int, in program: Unmanaged<Program>, dynamic: Bool, name: (Program) -> Name
    ) throws(TemplateError) -> Unmanaged<Program>? {
        if !dynamic, let last = lastInclusion, last.pc == pc, last.program.toOpaque() == program.toOpaque() {
            return last.target
        }
        let (name, position) = program._withUnsafeGuaranteedRef { (name($0), $0.positions[pc]) }
        guard let template = try resolve(name, dynamic: dynamic, at: position) else { return nil }
        // The library (or the caller, for the root) holds the template's program all render long.
        let target = Unmanaged.passUnretained(template.program)
        if !dynamic { lastInclusion = (program, pc, target) }
        return target
    }

    private mutating func resolve(_ name: Name, dynamic: Bool, at position: SourcePosition) throws(TemplateError) -> CompiledTemplate? {
        var templateName = name.text
        if dynamic {
            let parts = zip(name.parts, name.hashes).map(Program.NamePart.init)
            guard case .string(let resolved)? = parts.withUnsafeBufferPointer({ context.lookup($0) }) else {
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
}
