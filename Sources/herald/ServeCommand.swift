import Foundation
import Herald
import HeraldLogging

/// `herald serve`: configuration from `HERALD_*` variables and matching flags (README "Configuration").
struct ServeCommand: HeraldCommand {
    static let name = "serve"
    static let summary = "run the HTTP API and the preview pages (flags: --listen, --transport, … see README)"

    static func run(_ arguments: [String]) -> Int32 {
        let flagNames = Set(ConfigurationSetting.allCases.map(\.flag))
        let parsed: Arguments
        do {
            parsed = try Arguments(arguments, valued: flagNames)
            if let extra = parsed.positionals.first { throw ArgumentError.unexpected("unexpected argument \(extra)") }
        } catch {
            Console.error("herald serve: \(error)")
            return 64
        }
        var flags: [String: String] = [:]
        for name in flagNames {
            if let value = parsed.value(name) { flags[name] = value }
        }
        let configuration: HeraldConfiguration
        do {
            configuration = try HeraldConfiguration.load(environment: ProcessInfo.processInfo.environment, flags: flags)
        } catch {
            Console.error("herald serve: \(error)")
            return 78
        }
        do {
            let service = try HeraldService(configuration: configuration, logger: HeraldLog())
            service.run()
            return 0
        } catch {
            Console.error("herald serve: \(error)")
            return 1
        }
    }
}
