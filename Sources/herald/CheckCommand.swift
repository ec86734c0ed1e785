import Foundation
import Messages

/// `herald check`: every template parses, every message has its three parts in every locale, every
/// preview renders strictly, and every name a template uses exists. Non-zero exit with file:line:col.
enum CheckCommand: HeraldCommand {
    static let name = "check"
    static let summary = "check templates and previews (exits non-zero with file:line:col on a problem)"

    static func run(_ arguments: [String]) -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        let options: Arguments
        do {
            options = try Arguments(arguments, valued: ["templates", "previews"])
        } catch {
            Console.error("herald check: \(error)")
            return 64
        }
        let templates = options.value("templates") ?? environment["HERALD_TEMPLATES"] ?? "Templates"
        let previews = options.value("previews") ?? environment["HERALD_PREVIEWS_DIR"] ?? "Previews"
        let problems = CatalogCheck(templatesDirectory: URL(fileURLWithPath: templates),
                                    previewsDirectory: URL(fileURLWithPath: previews)).run()
        for problem in problems { Console.error(problem) }
        if problems.isEmpty {
            Console.output("herald check: ok (\(MessageKind.allCases.count) messages × \(LocaleCatalogs.load(directory: LocaleCatalogs.directory(in: URL(fileURLWithPath: templates))).catalogs.languages.count) locales)\n")
            return 0
        }
        Console.error("herald check: \(problems.count) problem(s)")
        return 1
    }
}
