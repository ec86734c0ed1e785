/// Resolves a template name against a view schema the way Mustache resolves it against a value:
/// the first segment is looked up in the innermost enclosing section's value first, then outwards;
/// the remaining segments must be fields of what the first one found.
struct SchemaNameResolver {
    let root: Schema

    func resolves(_ name: String, inSections sections: [String]) -> Bool {
        guard name != "." else { return true }
        var scopes: [Schema] = [root]
        for section in sections {
            // A section whose own name does not resolve is reported where it is used; keep looking outwards.
            guard let type = lookup(section, in: scopes) else { continue }
            if let nested = type.nestedSchema { scopes.append(nested) }
        }
        return lookup(name, in: scopes) != nil
    }

    private func lookup(_ dotted: String, in scopes: [Schema]) -> FieldType? {
        if dotted == "." { return .computedText }
        let segments = dotted.split(separator: ".").map(String.init)
        guard let first = segments.first else { return nil }
        for scope in scopes.reversed() {
            guard let field = scope.field(named: first) else { continue }
            var type = field.type
            for segment in segments.dropFirst() {
                guard let next = type.nestedSchema?.field(named: segment) else { return nil }
                type = next.type
            }
            return type
        }
        return nil
    }
}
