import ChildProcesses
import Foundation

/// Headless Chromium driven from the command line (`--dump-dom`, `--screenshot`), so pages and
/// email parts are laid out by a real browser without a driver library. Installed by
/// `.ci/install-deps --test`; used by `herald check --viewport` and by the tests.
public struct HeadlessChromium: Sendable {
    public enum ChromiumError: Error, CustomStringConvertible {
        case notInstalled
        case failed(Int32, String)
        case noResult(String)
        public var description: String {
            switch self {
            case .notInstalled: "chromium is not installed (looked for /usr/bin/chromium, chromium-browser, google-chrome): run .ci/install-deps --test"
            case .failed(let status, let log): "chromium exited with \(status): \(log.suffix(800))"
            case .noResult(let detail): "chromium gave no result: \(detail)"
            }
        }
    }

    /// How the page is shown: `dark` asks for `prefers-color-scheme: dark` (`--force-dark-mode`).
    public enum ColorScheme: Sendable { case light, dark }

    public let executable: String

    public init() throws(ChromiumError) {
        guard let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else { throw .notInstalled }
        executable = found
    }

    /// The DOM after the page (and any navigation it starts) has loaded and its scripts ran for at
    /// most `budget` milliseconds of virtual time.
    public func dumpDOM(_ url: String, budget: Int = 5000, colorScheme: ColorScheme = .light, timeout: TimeInterval = 60) throws -> String {
        try run(["--virtual-time-budget=\(budget)", "--dump-dom", url] + (colorScheme == .dark ? ["--force-dark-mode"] : []), timeout: timeout)
    }

    /// Writes a PNG of the page and returns its size in bytes.
    public func screenshot(_ url: String, to file: URL, width: Int = 1200, height: Int = 1600) throws -> Int {
        _ = try run(["--screenshot=\(file.path)", "--window-size=\(width),\(height)", url], timeout: 60)
        return (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
    }

    /// Every host name fails to resolve, so a page never waits on the network (hosted logos).
    private static let offline = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"

    private func run(_ arguments: [String], timeout: TimeInterval) throws -> String {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("herald-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let result = try ChildProcess.run(
            URL(fileURLWithPath: executable),
            arguments: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                        "--hide-scrollbars", Self.offline, "--user-data-dir=\(profile.path)"] + arguments,
            directory: FileManager.default.temporaryDirectory, timeout: timeout)
        guard result.status == 0 else { throw ChromiumError.failed(result.status, result.stderr) }
        return result.stdout
    }
}
