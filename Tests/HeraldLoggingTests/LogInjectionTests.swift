import Foundation
import Testing

/// Libraries accept the log they are given ("accepting loggers"): only the `herald` executable (and the
/// benchmark and fuzz programs, which print their own reports) decide where lines go and which level
/// passes. A library neither makes a log, nor defaults a parameter to one, nor writes to stderr itself.
@Suite struct LogInjectionTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// Folders of executables, the logging module itself, and HeraldTesting, which hosts a service in a
    /// test as `herald serve` hosts it and keeps its lines in memory for the test to read (`logLines`).
    static func mayMakeLogs(_ module: String) -> Bool {
        ["herald", "herald-bench", "herald-compose-bench", "herald-delivery-bench", "HeraldLogging", "HeraldTesting"].contains(module)
            || module.hasPrefix("Fuzz")
    }

    @Test func noLibraryMakesOrSilencesALogOfItsOwn() throws {
        let making = try Regex(#"HeraldLog\(|HeraldLog\.silent|FileDescriptorSink|: \.silent\b|= \.standardError|FileHandle\.standardError|\bprint\(|fputs\("#)
        var offenders: [String] = []
        var scanned = 0
        let files = try #require(FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil))
        for case let file as URL in files where file.pathExtension == "swift" {
            let relative = file.path.dropFirst(Self.sources.path.count + 1)
            guard let module = relative.split(separator: "/").first, !Self.mayMakeLogs(String(module)) else { continue }
            scanned += 1
            let text = try String(contentsOf: file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") && line.contains(making) {
                offenders.append("\(relative):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(scanned > 100, "the scan found the sources")
        #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
    }
}
