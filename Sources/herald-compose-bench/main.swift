import Foundation
import Messages

/// `swift run -c release herald-compose-bench [messages-per-run] [runs]`: complete messages per second
/// (decode + render subject/HTML/text + MIME), from the repository's Templates/ and Previews/.
let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let messagesPerRun = arguments.first ?? 2_000
let runs = arguments.dropFirst().first ?? 5
do {
    let renderer = try MessageRenderer(templatesDirectory: URL(fileURLWithPath: "Templates"))
    let (samples, problems) = PreviewSample.load(directory: URL(fileURLWithPath: "Previews"))
    guard problems.isEmpty else {
        problems.forEach { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        exit(1)
    }
    let catalog = MessageCatalog(renderer: renderer, sender: EmailAddress(email: "no-reply@localhost", name: "Herald"))
    let report = try ComposeBenchmark(catalog: catalog, samples: samples).run(messagesPerRun: messagesPerRun, runs: runs)
    print(report)
} catch {
    FileHandle.standardError.write(Data("herald-compose-bench: \(error)\n".utf8))
    exit(1)
}
