/// One use of a name in a template, found without rendering (for checking templates against
/// the type they will render).
public struct NameUse: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case variable
        case section
        case invertedSection
        /// The name a dynamic partial or parent (`{{>*name}}`) is looked up by.
        case dynamicName
    }

    /// The name as written, possibly dotted (`amount.currency`), or `.` for the current item.
    public let name: String
    public let kind: Kind
    public let position: SourcePosition
    /// The enclosing section names, outermost first. A name is looked up in the innermost
    /// section's value first, then outwards, as Mustache's context stack does.
    public let sections: [String]

    public var description: String {
        let scope = sections.isEmpty ? "" : " in " + sections.joined(separator: " > ")
        return "\(position): \(name)\(scope)"
    }
}
