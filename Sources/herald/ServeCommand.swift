import Foundation
import Herald
import HeraldLogging

/// `herald serve`: every setting of README "Configuration", from flags and `HERALD_*` variables.
struct ServeCommand: HeraldCommand {
    static let name = "serve"
    static let summary = "run the HTTP API, the preview pages and the delivery worker"
    static let usage = "herald serve [options]"
    static let options = CommandOption.settings(ConfigurationSetting.allCases)

    static func run(_ arguments: Arguments, configuration: HeraldConfiguration) throws -> Int32 {
        if let extra = arguments.positionals.first {
            Console.error("herald serve: unexpected argument \(extra)\nsee `herald serve --help`")
            return 64
        }
        let service = try HeraldService(configuration: configuration, logger: HeraldLog())
        service.run()
        return 0
    }
}
