import Foundation
import Herald
import Messages

/// `herald schema print` writes the contract `GET /v1/openapi.json` serves (OpenAPI 3.1 with one JSON
/// Schema per message context), for client generators; `herald schema diff OLD NEW` says which
/// changes between two such files break callers, and exits 1 when one does, for callers' CI.
enum SchemaCommand: HeraldCommand {
    static let name = "schema"
    static let summary = "print the OpenAPI contract, or diff two contracts for changes that break callers"
    static let usage = "herald schema print | diff OLD.json NEW.json"
    static let options: [CommandOption] = CommandOption.settings([.listen, .previews, .apiToken, .apiTokenFile])

    static func run(_ arguments: Arguments, configuration: HeraldConfiguration) throws -> Int32 {
        switch arguments.positionals.first {
        case "print" where arguments.positionals.count == 1:
            Console.output(OpenAPIDocument.json(for: configuration) + "\n")
            return 0
        case "diff" where arguments.positionals.count == 3:
            return diff(old: arguments.positionals[1], new: arguments.positionals[2])
        default:
            Console.error("herald schema: usage: \(usage)")
            return 64
        }
    }

    private static func diff(old oldPath: String, new newPath: String) -> Int32 {
        let old: JSONValue
        let new: JSONValue
        do {
            old = try read(oldPath)
            new = try read(newPath)
        } catch {
            Console.error("herald schema diff: \(error.message)")
            return error.status
        }
        let diff: ContractDiff
        do {
            diff = try ContractDiff(old: old, new: new)
        } catch {
            Console.error("herald schema diff: \(error)")
            return 65
        }
        for change in diff.changes { Console.output(change.description + "\n") }
        let breaking = diff.breaking.count
        Console.output(breaking == 0
            ? "no breaking change (\(diff.changes.count) compatible)\n"
            : "\(breaking) breaking change\(breaking == 1 ? "" : "s") for callers\n")
        return breaking == 0 ? 0 : 1
    }

    private struct ReadError: Error {
        var message: String
        var status: Int32
    }

    /// A contract file as JSON; a syntax error names the file, line and column.
    private static func read(_ path: String) throws(ReadError) -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else { throw ReadError(message: "cannot read \(path)", status: 66) }
        do {
            return try JSONValue(parsing: data)
        } catch {
            throw ReadError(message: "\(path):\(error.position.line):\(error.position.column): \(error.detail)", status: 65)
        }
    }
}
