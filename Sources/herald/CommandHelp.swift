/// A command's `--help` (and `herald help <command>`): its synopsis, its summary, and every flag from
/// its table with the flag's environment variable and default.
struct CommandHelp {
    let command: any HeraldCommand.Type

    init(_ command: any HeraldCommand.Type) {
        self.command = command
    }

    /// The column help texts start at.
    private static let helpColumn = 30

    var text: String {
        var text = "usage: \(command.usage)\n\n\(command.summary)\n\noptions:\n"
        for option in command.options + [.toggle("help", "show this help")] {
            var left = "  --\(option.flag)"
            if let valueName = option.valueName { left += " \(valueName)" }
            let indent = String(repeating: " ", count: Self.helpColumn)
            text += left.count < Self.helpColumn - 1
                ? left.padding(toLength: Self.helpColumn, withPad: " ", startingAt: 0) + option.help + "\n"
                : left + "\n" + indent + option.help + "\n"
            if let origin = option.origin { text += indent + origin + "\n" }
        }
        return text
    }
}
