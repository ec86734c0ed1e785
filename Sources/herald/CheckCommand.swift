import Foundation
import Herald
import Messages

/// `herald check`: every template parses, every message has its three parts in every locale, every
/// preview renders strictly, and every name a template uses exists. Non-zero exit with file:line:col.
enum CheckCommand: HeraldCommand {
    static let name = "check"
    static let summary = "check templates and previews (exits non-zero with file:line:col on a problem)"
    static let usage = "herald check [--templates DIR] [--previews DIR]"
    static let options: [CommandOption] = [.setting(.templates), .setting(.previewsDir, flag: "previews")]

    static func run(_ arguments: Arguments, configuration: HeraldConfiguration) -> Int32 {
        if let extra = arguments.positionals.first {
            Console.error("herald check: unexpected argument \(extra)\nusage: \(usage)")
            return 64
        }
        let problems = CatalogCheck(templatesDirectory: URL(fileURLWithPath: configuration.templatesPath),
                                    previewsDirectory: URL(fileURLWithPath: configuration.previewsPath)).run()
        for problem in problems { Console.error(problem) }
        if problems.isEmpty {
            Console.output("herald check: ok (\(MessageKind.allCases.count) messages × \(LocaleCatalogs.load(directory: LocaleCatalogs.directory(in: URL(fileURLWithPath: configuration.templatesPath))).catalogs.languages.count) locales)\n")
            return 0
        }
        Console.error("herald check: \(problems.count) problem(s)")
        return 1
    }
}
