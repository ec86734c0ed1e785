/// The values a render looks names up in, innermost last (the root, then one per open section).
///
/// Each value's fields are also kept unretained next to it: the stack keeps them alive, and a
/// lookup reads them without the reference counting that copying each value out would cost.
struct ContextStack {
    private var values: [TemplateValue]
    private var fields: [Unmanaged<TemplateObject.Storage>?]

    init(root: TemplateValue) {
        values = [root]
        fields = [root.fields.map(Unmanaged.passUnretained)]
        values.reserveCapacity(8)
        fields.reserveCapacity(8)
    }

    mutating func push(_ value: TemplateValue) {
        fields.append(value.fields.map(Unmanaged.passUnretained))
        values.append(value)
    }

    /// Replaces the innermost value (the next item of a list section).
    mutating func replaceTop(with value: TemplateValue) {
        fields[fields.count - 1] = value.fields.map(Unmanaged.passUnretained)
        values[values.count - 1] = value
    }

    mutating func pop() {
        fields.removeLast()
        values.removeLast()
    }

    /// Mustache name resolution: the first part is searched from the innermost context outwards,
    /// the remaining parts only inside what the first one found. No parts is `.`, the innermost.
    func lookup(_ parts: UnsafeBufferPointer<Program.NamePart>) -> TemplateValue? {
        guard !parts.isEmpty else { return values.last }
        var current: TemplateValue?
        var frame = fields.count - 1
        while frame >= 0 {
            if let scope = fields[frame],
                let found = scope._withUnsafeGuaranteedRef({ $0.value(forKey: parts[0].key, hash: parts[0].hash) })
            {
                current = found
                break
            }
            frame -= 1
        }
        var partIndex = 1
        while partIndex < parts.count, let value = current {
            current = value.member(parts[partIndex].key, hash: parts[partIndex].hash)
            partIndex += 1
        }
        return current
    }
}
