import Foundation
import HeadlessBrowser
import Herald
import Messages

/// `herald check`: every template parses, every message has its three parts in every locale, every
/// preview renders strictly, and every name a template uses exists. With `--viewport 320,375`, every
/// preview's HTML part in every locale is also laid out in headless Chromium at each width and must
/// not be wider than it. Non-zero exit with file:line:col (or the part and its width) on a problem.
enum CheckCommand: HeraldCommand {
    static let name = "check"
    static let summary = "check templates and previews (exits non-zero with file:line:col on a problem)"
    static let usage = "herald check [--templates DIR] [--previews DIR] [--viewport 320,375]"
    static let options: [CommandOption] = [
        .setting(.templates), .setting(.previewsDir, flag: "previews"),
        .value("viewport", "PX[,PX…]", "also lay out every preview's HTML part in headless Chromium at these widths and fail on any part wider than one"),
    ]

    static func run(_ arguments: Arguments, configuration: HeraldConfiguration) throws -> Int32 {
        if let extra = arguments.positionals.first {
            Console.error("herald check: unexpected argument \(extra)\nusage: \(usage)")
            return 64
        }
        var viewports: [Int] = []
        if let text = arguments.value("viewport") {
            guard let widths = parseViewports(text) else {
                Console.error("herald check: --viewport takes widths in CSS pixels from 100 to 4000, comma-separated (320,375), got \"\(text)\"")
                return 64
            }
            viewports = widths
        }
        let templates = URL(fileURLWithPath: configuration.templatesPath)
        let previews = URL(fileURLWithPath: configuration.previewsPath)
        var problems = CatalogCheck(templatesDirectory: templates, previewsDirectory: previews).run()
        if problems.isEmpty, !viewports.isEmpty {
            problems += viewportProblems(templates: templates, previews: previews, viewports: viewports)
        }
        for problem in problems { Console.error(problem) }
        if problems.isEmpty {
            Console.output("herald check: ok (\(MessageKind.allCases.count) messages × \(LocaleCatalogs.load(directory: LocaleCatalogs.directory(in: templates)).catalogs.languages.count) locales)\n")
            return 0
        }
        Console.error("herald check: \(problems.count) problem(s)")
        return 1
    }

    /// `320,375` → `[320, 375]`; nil for anything else than widths a phone or a screen could have.
    static func parseViewports(_ text: String) -> [Int]? {
        let widths = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !widths.isEmpty, widths.allSatisfy({ ($0 ?? 0) >= 100 && ($0 ?? 0) <= 4000 }) else { return nil }
        return Array(Set(widths.compactMap(\.self))).sorted()
    }

    /// Lays out every preview × locale HTML part at each width in one Chromium run; prints one line
    /// per width (how many parts overflow, the widest) and returns one problem per part too wide.
    private static func viewportProblems(templates: URL, previews: URL, viewports: [Int]) -> [String] {
        let rendered: [RenderedPreview]
        do {
            let renderer = try MessageRenderer(templatesDirectory: templates)
            rendered = renderer.renderPreviews(PreviewSample.load(directory: previews).samples).previews
        } catch {
            return ["\(templates.path):1:1: \(error)"]
        }
        let measurements: [ViewportProbe.Measurement]
        do {
            measurements = try ViewportProbe(chromium: try HeadlessChromium()).measure(rendered.map(\.message.html), viewports: viewports)
        } catch {
            return ["herald check --viewport: \(error)"]
        }
        for viewport in viewports {
            let widths = measurements.filter { $0.viewport == viewport }
            let over = widths.filter(\.overflows)
            let widest = widths.map(\.scrollWidth).max() ?? 0
            let range = over.isEmpty ? "" : " (\(over.map(\.scrollWidth).min() ?? 0)–\(widest) px)"
            Console.output("herald check: \(viewport) px: \(over.count) of \(widths.count) HTML parts wider than the viewport\(range); widest \(widest) px\n")
        }
        return measurements.filter(\.overflows).map { measurement in
            let preview = rendered[measurement.document]
            return "\(preview.sample.path):1:1: \(preview.label) HTML part is \(measurement.scrollWidth) px wide in a \(measurement.viewport) px viewport (document.documentElement.scrollWidth)"
        }
    }
}
