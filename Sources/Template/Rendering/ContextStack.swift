/// The values a render looks names up in, innermost last (the root, then one per open section).
///
/// A context is kept as where its value is (the root, a field of an object, an item of an open
/// list), never as a copy: every such value belongs to the root, which the render holds and which
/// nothing changes, so entering and leaving sections and list items costs no reference counting.
/// Each context's fields are also kept unretained beside it, for lookups.
struct ContextStack {
    private let root: TemplateValue
    private var contexts: [Context]
    /// The items of the open list sections, outermost first (each retained once, on entering).
    private var lists: [[TemplateValue]]

    /// Where a context's value is.
    enum Source {
        case root
        case field(Unmanaged<TemplateObject.Storage>, Int)
        case item(list: Int, index: Int)
    }

    private struct Context {
        let fields: Unmanaged<TemplateObject.Storage>?
        let source: Source
    }

    init(root: TemplateValue) {
        self.root = root
        contexts = []
        lists = []
        contexts.reserveCapacity(8)
        contexts.append(Context(fields: TemplateValue.fieldsUnretained(of: root), source: .root))
    }

    /// Enters a section over the value at `location`.
    mutating func push(_ location: Location) {
        let source = source(of: location)
        contexts.append(Context(fields: withValue(at: source, TemplateValue.fieldsUnretained), source: source))
    }

    /// Enters a section over a (non-empty) list: its first item is the context.
    mutating func push(list items: [TemplateValue]) {
        lists.append(items)
        contexts.append(Context(fields: TemplateValue.fieldsUnretained(of: items[0]), source: .item(list: lists.count - 1, index: 0)))
    }

    /// Replaces the innermost context, an item of the innermost list, with the item at `index`.
    mutating func moveToItem(_ index: Int) {
        let list = lists.count - 1
        let fields = lists[list].withUnsafeBufferPointer { TemplateValue.fieldsUnretained(of: $0[index]) }
        contexts[contexts.count - 1] = Context(fields: fields, source: .item(list: list, index: index))
    }

    /// Leaves the innermost section (`list` when it was over a list).
    mutating func pop(list: Bool) {
        contexts.removeLast()
        if list { lists.removeLast() }
    }

    /// Where a name's value is: a field of an object (found in a context or inside one), or a
    /// context itself (`.`). Locations are plain references, valid until the stack changes.
    enum Location {
        case field(Unmanaged<TemplateObject.Storage>, Int)
        case context(Int)
    }

    /// Mustache name resolution: the first part is searched from the innermost context outwards,
    /// the remaining parts only inside what the first one found. No parts is `.`, the innermost.
    func locate(_ parts: UnsafeBufferPointer<Program.NamePart>) -> Location? {
        guard !parts.isEmpty else { return .context(contexts.count - 1) }
        var frame = contexts.count - 1
        while frame >= 0 {
            if let scope = contexts[frame].fields,
                let position = scope._withUnsafeGuaranteedRef({ $0.position(of: parts[0].key, hash: parts[0].hash) })
            {
                return Self.locate(parts, from: 1, in: scope, at: position)
            }
            frame -= 1
        }
        return nil
    }

    /// Follows the parts from `next` on, inside the field at `position` of `scope`.
    private static func locate(
        _ parts: UnsafeBufferPointer<Program.NamePart>, from next: Int, in scope: Unmanaged<TemplateObject.Storage>,
        at position: Int
    ) -> Location? {
        var scope = scope
        var position = position
        var partIndex = next
        while partIndex < parts.count {
            let inner = scope._withUnsafeGuaranteedRef { storage in
                storage.fields.withUnsafeBufferPointer { fields in TemplateValue.fieldsUnretained(of: fields[position].value) }
            }
            guard let inner,
                let found = inner._withUnsafeGuaranteedRef({ $0.position(of: parts[partIndex].key, hash: parts[partIndex].hash) })
            else { return nil }
            scope = inner
            position = found
            partIndex += 1
        }
        return .field(scope, position)
    }

    private func source(of location: Location) -> Source {
        switch location {
        case .field(let scope, let position): .field(scope, position)
        case .context(let frame): contexts[frame].source
        }
    }

    /// Reads the value at `location` in place, neither copied nor retained.
    func withValue<Result>(at location: Location, _ read: (borrowing TemplateValue) -> Result) -> Result {
        withValue(at: source(of: location), read)
    }

    private func withValue<Result>(at source: Source, _ read: (borrowing TemplateValue) -> Result) -> Result {
        switch source {
        case .root:
            read(root)
        case .field(let scope, let position):
            scope._withUnsafeGuaranteedRef { storage in storage.fields.withUnsafeBufferPointer { read($0[position].value) } }
        case .item(let list, let index):
            lists[list].withUnsafeBufferPointer { read($0[index]) }
        }
    }

    /// The value at `location`, copied (for what keeps it: a list section's items, `.`, a partial's name).
    func value(at location: Location) -> TemplateValue {
        withValue(at: location) { copy $0 }
    }

    /// The value a name resolves to, copied.
    func lookup(_ parts: UnsafeBufferPointer<Program.NamePart>) -> TemplateValue? {
        locate(parts).map(value(at:))
    }
}
