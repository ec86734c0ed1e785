import Foundation
import Herald
import Messages

/// One `herald` subcommand. Kept tiny so each command is a file of its own.
protocol HeraldCommand {
    /// The word after `herald`, e.g. `render`.
    static var name: String { get }
    /// One line for `herald help`.
    static var summary: String { get }
    /// The synopsis `--help` and usage errors show, e.g. `herald outbox list | show ID | clear`.
    static var usage: String { get }
    /// Every flag the command takes; its configuration settings are the ones it loads.
    static var options: [CommandOption] { get }
    /// Runs with the parsed arguments and the configuration loaded from the settings in `options`;
    /// returns the process exit status, or throws what `exitStatus(reporting:)` then tells.
    static func run(_ arguments: Arguments, configuration: HeraldConfiguration) throws -> Int32
    /// Tells stderr what `run` threw and returns the exit status; by default `reportFailure(_:otherwise: 1)`.
    static func exitStatus(reporting error: any Error) -> Int32
}

extension HeraldCommand {
    static func exitStatus(reporting error: any Error) -> Int32 {
        reportFailure(error, otherwise: 1)
    }

    /// How every command tells a failure: a `CommandFailure` as it is worded, with its own status;
    /// anything else as `herald NAME: …`, a usage error exiting 64 and any other error `otherStatus`.
    static func reportFailure(_ error: any Error, otherwise otherStatus: Int32) -> Int32 {
        if let failure = error as? CommandFailure {
            Console.error(failure.message)
            return failure.status
        }
        Console.error("herald \(name): \(error)")
        return error is ArgumentError ? 64 : otherStatus
    }

    /// For the commands that compose mail: each field problem on a line of its own (65), an unknown
    /// message 64, and any other failure 70.
    static func compositionExitStatus(reporting error: any Error) -> Int32 {
        guard let error = error as? CatalogError else { return reportFailure(error, otherwise: 70) }
        if case .invalidFields(let problems) = error {
            for problem in problems.problems { Console.error("\(problem.path): \(problem.problem)") }
            return 65
        }
        Console.error("herald \(name): \(error)")
        return error.httpStatus == 404 ? 64 : 70
    }
}

/// Finds the subcommand, parses its flags, loads its configuration once, and runs it.
struct CommandLineRunner {
    let commands: [any HeraldCommand.Type]

    func run(_ arguments: [String]) -> Int32 {
        guard let word = arguments.first else {
            Console.error(usage)
            return 64
        }
        if ["help", "--help", "-h"].contains(word) {
            guard arguments.count > 1 else {
                Console.output(usage + "\n")
                return 0
            }
            guard arguments.count == 2, let command = command(named: arguments[1]) else {
                Console.error("herald: no command '\(arguments.dropFirst().joined(separator: " "))'\n\(usage)")
                return 64
            }
            Console.output(CommandHelp(command).text)
            return 0
        }
        guard let command = command(named: word) else {
            Console.error("herald: unknown command '\(word)'\n\(usage)")
            return 64
        }
        return Self.run(command, Array(arguments.dropFirst()))
    }

    private func command(named name: String) -> (any HeraldCommand.Type)? {
        commands.first { $0.name == name }
    }

    /// Usage errors exit 64 and a configuration problem 78, the same for every command.
    private static func run(_ command: any HeraldCommand.Type, _ words: [String]) -> Int32 {
        let arguments: Arguments
        do {
            arguments = try Arguments(words, options: command.options)
        } catch .helpRequested {
            Console.output(CommandHelp(command).text)
            return 0
        } catch {
            Console.error("herald \(command.name): \(error)\nsee `herald \(command.name) --help`")
            return 64
        }
        let configuration: HeraldConfiguration
        do {
            configuration = try HeraldConfiguration.load(flags: arguments.settingValues, reading: command.options.compactMap(\.setting))
        } catch {
            Console.error("herald \(command.name): \(error)")
            return 78
        }
        do {
            return try command.run(arguments, configuration: configuration)
        } catch {
            return command.exitStatus(reporting: error)
        }
    }

    private var usage: String {
        var text = "usage: herald <command> [options]    (herald help <command>, or herald <command> --help)\n\ncommands:\n"
        let width = commands.map { $0.name.count }.max() ?? 0
        for command in commands {
            text += "  \(command.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(command.summary)\n"
        }
        return text
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
