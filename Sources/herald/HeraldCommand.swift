import Foundation

/// One `herald` subcommand. Kept tiny so each command is a file of its own.
protocol HeraldCommand {
    /// The word after `herald`, e.g. `render`.
    static var name: String { get }
    /// One line for `herald help`.
    static var summary: String { get }
    /// Runs with the arguments after the command word; returns the process exit status.
    static func run(_ arguments: [String]) -> Int32
}

/// Finds the subcommand and runs it; prints usage for unknown commands.
struct CommandLineRunner {
    let commands: [any HeraldCommand.Type]

    func run(_ arguments: [String]) -> Int32 {
        guard let word = arguments.first, word != "help", word != "--help", word != "-h" else {
            printUsage(to: arguments.isEmpty ? .standardError : .standardOutput)
            return arguments.isEmpty ? 64 : 0
        }
        guard let command = commands.first(where: { $0.name == word }) else {
            Console.error("herald: unknown command '\(word)'")
            printUsage(to: .standardError)
            return 64
        }
        return command.run(Array(arguments.dropFirst()))
    }

    private func printUsage(to handle: FileHandle) {
        var text = "usage: herald <command> [options]\n\ncommands:\n"
        for command in commands {
            text += "  \(command.name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(command.summary)\n"
        }
        handle.write(Data(text.utf8))
    }
}

/// Writes to the standard streams without adding anything the caller did not ask for.
enum Console {
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
