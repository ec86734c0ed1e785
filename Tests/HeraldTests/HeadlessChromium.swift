import Foundation
import TestSupport

/// Headless Chromium driven from the command line (`--dump-dom`), so the preview pages are
/// checked by a real browser's parser without a driver library. Installed by `.ci/install-deps`.
struct HeadlessChromium {
    enum ChromiumError: Error, CustomStringConvertible {
        case notInstalled
        case failed(Int32, String)
        var description: String {
            switch self {
            case .notInstalled: "chromium is not installed: run .ci/install-deps"
            case .failed(let status, let log): "chromium exited with \(status): \(log.suffix(800))"
            }
        }
    }

    let executable: String

    init() throws {
        guard let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else { throw ChromiumError.notInstalled }
        executable = found
    }

    /// The DOM after the page (and any navigation it starts) has loaded.
    func dumpDOM(_ url: String) throws -> String {
        try run(["--virtual-time-budget=5000", "--dump-dom", url])
    }

    /// Writes a PNG of the page and returns its size in bytes.
    func screenshot(_ url: String, to file: URL, width: Int = 1200, height: Int = 1600) throws -> Int {
        _ = try run(["--screenshot=\(file.path)", "--window-size=\(width),\(height)", url])
        return (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
    }

    private func run(_ arguments: [String]) throws -> String {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("herald-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let result = try ChildProcess.run(
            URL(fileURLWithPath: executable),
            arguments: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                        "--user-data-dir=\(profile.path)"] + arguments,
            directory: FileManager.default.temporaryDirectory, timeout: 60)
        guard result.status == 0 else { throw ChromiumError.failed(result.status, result.stderr) }
        return result.stdout
    }
}
