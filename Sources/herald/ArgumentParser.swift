import Herald

/// The command line of one command, parsed against its table of `CommandOption`s: `--flag value`,
/// `--flag=value`, switches, positionals, and `--` before positionals that start with `--`.
struct Arguments {
    private(set) var positionals: [String] = []
    private var values: [String: String] = [:]
    private var toggles: Set<String> = []
    /// The values given for configuration settings, keyed by the setting's flag, for `HeraldConfiguration.load`.
    private(set) var settingValues: [String: String] = [:]

    init(_ arguments: [String], options: [CommandOption]) throws(ArgumentError) {
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if !onlyPositionals, word == "--help" || word == "-h" { throw .helpRequested }
            guard !onlyPositionals, word.hasPrefix("--") else {
                positionals.append(word)
                continue
            }
            if word == "--" {
                onlyPositionals = true
                continue
            }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = options.first(where: { $0.flag == name }) else { throw .unknownOption("--" + name) }
            guard option.valueName != nil else {
                guard inlineValue == nil else { throw .unexpected("option --\(name) takes no value") }
                toggles.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else { throw .missingValue(option: name) }
                value = arguments[index]
                index += 1
            }
            values[name] = value
            if let setting = option.setting { settingValues[setting.flag] = value }
        }
    }

    func value(_ name: String) -> String? { values[name] }
    func has(_ name: String) -> Bool { toggles.contains(name) }

    func required(_ name: String) throws(ArgumentError) -> String {
        guard let value = values[name] else { throw .missingOption(name) }
        return value
    }
}

enum ArgumentError: Error, CustomStringConvertible {
    case missingValue(option: String)
    case missingOption(String)
    case unknownOption(String)
    case unexpected(String)
    /// `--help` or `-h`: the runner prints the command's help instead of running it.
    case helpRequested

    var description: String {
        switch self {
        case .missingValue(let option): "option --\(option) needs a value"
        case .missingOption(let option): "missing required option --\(option)"
        case .unknownOption(let option): "unknown option \(option)"
        case .unexpected(let detail): detail
        case .helpRequested: "help requested"
        }
    }
}
