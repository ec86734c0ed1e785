import Delivery
import Foundation
import Herald
import HeraldLogging

/// `herald deliver [--forever] [--timeout SECONDS]`: runs the spool's worker until nothing is left to
/// deliver (or, with `--forever`, until SIGTERM/SIGINT), then drains in-flight messages and exits.
enum DeliverCommand: HeraldCommand {
    static let name = "deliver"
    static let summary = "deliver spooled messages until the spool is idle (or --forever until SIGTERM)"
    static let usage = "herald deliver [--forever] [--timeout SECONDS] [options]"
    static let options: [CommandOption] = [
        .toggle("forever", "keep delivering until SIGTERM/SIGINT instead of stopping when idle"),
        .value("timeout", "SECONDS", "give up waiting for the spool to be idle after this long (exit 1)", default: "no limit"),
    ] + CommandOption.settings(ConfigurationSetting.delivery)

    static func run(_ options: Arguments, configuration settings: HeraldConfiguration) throws -> Int32 {
        guard options.positionals.isEmpty else { throw ArgumentError.unexpected("usage: \(usage)") }
        let timeout = try options.value("timeout").map { text throws(ArgumentError) in
            guard let seconds = Double(text), seconds > 0 else { throw .unexpected("--timeout must be a number of seconds > 0") }
            return seconds
        } ?? .infinity
        let configuration = settings.delivery
        let log = HeraldLog()
        let summary = configuration.summary.sorted { $0.key < $1.key }.map { ($0.key, HeraldLog.Value.string($0.value)) }
        log.info("started", ["configuration": .object(HeraldLog.Fields(summary))])
        let spool = try configuration.openSpool(log: log)
        TerminationSignal.install()
        try spool.start()
        let idle: Bool
        if options.has("forever") {
            while !TerminationSignal.received { Thread.sleep(forTimeInterval: 0.1) }
            idle = false
        } else {
            idle = try spool.waitUntilIdle(timeout: timeout) { TerminationSignal.received }
        }
        let drained = spool.stop(drainTimeout: 30)
        let counts = try spool.counts()
        Console.output(CountsJSON.line(counts) + "\n")
        if !drained { log.warning("drain_timed_out", ["seconds": 30, "note": "messages still in flight are recovered at the next start"]) }
        return options.has("forever") || idle ? 0 : 1
    }
}

/// Message counts per state as one JSON object, e.g. `{"queued":0,"sent":12,…}`.
enum CountsJSON {
    static func line(_ counts: [DeliveryState: Int]) -> String {
        "{" + DeliveryState.allCases.map { "\"\($0.rawValue)\":\(counts[$0, default: 0])" }.joined(separator: ",") + "}"
    }
}
