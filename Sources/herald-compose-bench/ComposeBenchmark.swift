import Foundation
import Messages

/// Measures how many complete messages per second Herald composes: JSON context decoded and checked,
/// subject + HTML + text rendered, MIME message composed; `main.swift` prints it. Runs single-threaded,
/// so the figure is per core. Lives in the bench, not in `Messages`: it is no part of the library's API.
struct ComposeBenchmark: Sendable {
    struct Report: Sendable, CustomStringConvertible {
        let messagesPerRun: Int
        /// Messages per second of each run, in run order.
        let rates: [Double]
        /// Average size of the composed `.eml`.
        let averageBytes: Int

        var median: Double {
            let sorted = rates.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }

        var description: String {
            let runs = rates.map { String(format: "%.0f", $0) }.joined(separator: ", ")
            return String(format: "compose: median %.0f messages/s (runs: %@; %d messages per run, average .eml %d bytes)",
                          median, runs, messagesPerRun, averageBytes)
        }
    }

    let catalog: MessageCatalog
    let samples: [PreviewSample]

    init(catalog: MessageCatalog, samples: [PreviewSample]) {
        self.catalog = catalog
        self.samples = samples
    }

    /// Composes `messagesPerRun` messages per run, cycling through every sample × locale, `runs` times.
    func run(messagesPerRun: Int = 2_000, runs: Int = 5) throws(CatalogError) -> Report {
        let cases = samples.flatMap { sample in catalog.renderer.languages.map { (sample, $0) } }
        guard !cases.isEmpty else { return Report(messagesPerRun: 0, rates: [], averageBytes: 0) }
        let recipient = [PreviewSample.placeholderRecipient]
        var rates: [Double] = []
        var bytes = 0
        for _ in 0..<runs {
            bytes = 0
            let start = ContinuousClock.now
            for index in 0..<messagesPerRun {
                let (sample, language) = cases[index % cases.count]
                let request = MessageCatalog.Request(message: sample.kind.rawValue, locale: language.rawValue, to: recipient, context: sample.context)
                let result = try catalog.compose(request, id: "bench-\(index)", now: PreviewSample.referenceTime)
                bytes += result.message.eml.utf8.count
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            rates.append(Double(messagesPerRun) / seconds)
        }
        return Report(messagesPerRun: messagesPerRun, rates: rates, averageBytes: bytes / messagesPerRun)
    }
}
