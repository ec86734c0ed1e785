extension TemplateLibrary {
    /// Every name the template uses, following its partials and parents as a render would
    /// (a block's overriding content is analysed where the parent places it).
    ///
    /// A partial or parent that does not exist is an error, as in strict rendering.
    public func names(usedBy templateName: String) throws(TemplateError) -> [NameUse] {
        guard let template = self[templateName] else { throw TemplateError(.unknownTemplate(templateName), at: nil) }
        var collector = NameCollector(library: self)
        collector.including.insert(templateName)
        try collector.walk(template.nodes, sections: [])
        return collector.uses
    }
}

private struct NameCollector {
    let library: TemplateLibrary
    var uses: [NameUse] = []
    var seen = Set<NameUse>()
    var overrides: [String: Node.Block] = [:]
    /// Templates on the current inclusion path, so recursive partials are walked once.
    var including = Set<String>()

    mutating func walk(_ nodes: [Node], sections: [String]) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text:
                break
            case .variable(let variable):
                record(variable.name.text, .variable, variable.position, sections)
            case .section(let section):
                record(section.name.text, section.inverted ? .invertedSection : .section, section.position, sections)
                try walk(section.children, sections: sections + [section.name.text])
            case .partial(let partial):
                if partial.dynamic {
                    record(partial.name.text, .dynamicName, partial.position, sections)
                } else {
                    try include(partial.name.text, at: partial.position, sections: sections)
                }
            case .parent(let parent):
                let saved = overrides
                overrides = parent.overrides.merging(saved) { _, outer in outer }
                if parent.dynamic {
                    record(parent.name.text, .dynamicName, parent.position, sections)
                    for block in parent.overrides.values {
                        try walk(block.children, sections: sections)
                    }
                } else {
                    try include(parent.name.text, at: parent.position, sections: sections)
                }
                overrides = saved
            case .block(let block):
                try walk((overrides[block.name] ?? block).children, sections: sections)
            }
        }
    }

    private mutating func include(_ name: String, at position: SourcePosition, sections: [String]) throws(TemplateError) {
        guard let template = library[name] else { throw TemplateError(.missingPartial(name), at: position) }
        guard !including.contains(name) else { return }
        including.insert(name)
        defer { including.remove(name) }
        try walk(template.nodes, sections: sections)
    }

    private mutating func record(_ name: String, _ kind: NameUse.Kind, _ position: SourcePosition, _ sections: [String]) {
        let use = NameUse(name: name, kind: kind, position: position, sections: sections)
        if seen.insert(use).inserted { uses.append(use) }
    }
}
