/// The values a render looks names up in, innermost last (the root, then one per open section).
///
/// Each value's fields are also kept unretained next to it: the stack keeps them alive, and a
/// lookup reads them without the reference counting that copying each value out would cost.
struct ContextStack {
    private var values: [TemplateValue]
    private var fields: [Unmanaged<TemplateObject.Storage>?]

    init(root: TemplateValue) {
        values = []
        fields = []
        values.reserveCapacity(8)
        fields.reserveCapacity(8)
        push(root)
    }

    mutating func push(_ value: TemplateValue) {
        fields.append(TemplateValue.fieldsUnretained(of: value))
        values.append(value)
    }

    /// Replaces the innermost value (the next item of a list section).
    mutating func replaceTop(with value: TemplateValue) {
        fields[fields.count - 1] = TemplateValue.fieldsUnretained(of: value)
        values[values.count - 1] = value
    }

    mutating func pop() {
        fields.removeLast()
        values.removeLast()
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
        guard !parts.isEmpty else { return .context(values.count - 1) }
        var frame = fields.count - 1
        while frame >= 0 {
            if let scope = fields[frame],
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

    func value(at frame: Int) -> TemplateValue {
        values[frame]
    }

    /// The value a name resolves to, copied (for sections and partial names, which keep it).
    func lookup(_ parts: UnsafeBufferPointer<Program.NamePart>) -> TemplateValue? {
        switch locate(parts) {
        case nil: nil
        case .context(let frame): values[frame]
        case .field(let scope, let position): scope._withUnsafeGuaranteedRef { $0.fields[position].value }
        }
    }
}
