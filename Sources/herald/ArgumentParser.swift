/// A small parser for `--flag value` style options: enough for herald's commands without a dependency.
struct Arguments {
    private(set) var positionals: [String] = []
    private var options: [String: String] = [:]
    private var flags: Set<String> = []

    /// Parses `arguments`; `valued` lists the options that take a value, `switches` the ones that do not.
    init(_ arguments: [String], valued: Set<String>, switches: Set<String> = []) throws(ArgumentError) {
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word.hasPrefix("--") {
                var name = String(word.dropFirst(2))
                var inlineValue: String?
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
                if valued.contains(name) {
                    if let inlineValue {
                        options[name] = inlineValue
                    } else {
                        index += 1
                        guard index < arguments.count else { throw .missingValue(option: name) }
                        options[name] = arguments[index]
                    }
                } else if switches.contains(name), inlineValue == nil {
                    flags.insert(name)
                } else {
                    throw .unknownOption(word)
                }
            } else {
                positionals.append(word)
            }
            index += 1
        }
    }

    func value(_ name: String) -> String? { options[name] }
    func has(_ name: String) -> Bool { flags.contains(name) }

    func required(_ name: String) throws(ArgumentError) -> String {
        guard let value = options[name] else { throw .missingOption(name) }
        return value
    }
}

enum ArgumentError: Error, CustomStringConvertible {
    case missingValue(option: String)
    case missingOption(String)
    case unknownOption(String)
    case unexpected(String)

    var description: String {
        switch self {
        case .missingValue(let option): "option --\(option) needs a value"
        case .missingOption(let option): "missing required option --\(option)"
        case .unknownOption(let option): "unknown option \(option)"
        case .unexpected(let detail): detail
        }
    }
}
