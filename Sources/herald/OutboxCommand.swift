import Delivery
import Foundation
import Herald

/// `herald outbox list|show ID|clear`: look at the outbox file (`HERALD_OUTBOX`) the default transport writes.
enum OutboxCommand: HeraldCommand {
    static let name = "outbox"
    static let summary = "list, show ID or clear the outbox file (HERALD_OUTBOX)"
    static let usage = "herald outbox list | show ID | clear [--outbox FILE]"
    static let options: [CommandOption] = [.setting(.outbox)]

    static func run(_ options: Arguments, configuration: HeraldConfiguration) throws -> Int32 {
        let arguments = options.positionals
        let path = configuration.outboxPath
        let reader = OutboxReader(path: path)
        switch arguments.first ?? "list" {
        case "list":
            guard arguments.count <= 1 else { throw ArgumentError.unexpected("usage: herald outbox list") }
            for record in try reader.records() {
                let message = record.composed
                let recipients = message.to.map(\.email).joined(separator: ",")
                Console.output([message.id, record.deliveredAt, message.message, message.locale, recipients, message.subject]
                    .joined(separator: "\t") + "\n")
            }
        case "show":
            guard arguments.count == 2 else { throw ArgumentError.unexpected("usage: herald outbox show ID") }
            guard let record = try reader.records().last(where: { $0.composed.id == arguments[1] }) else {
                Console.error("herald outbox: no message \(arguments[1]) in \(path)")
                return 1
            }
            Console.output(String(decoding: try record.jsonLine(), as: UTF8.self))
        case "clear":
            guard arguments.count == 1 else { throw ArgumentError.unexpected("usage: herald outbox clear") }
            try reader.clear()
        case let other:
            throw ArgumentError.unexpected("unknown outbox action '\(other)' (list, show ID, clear)")
        }
        return 0
    }
}
