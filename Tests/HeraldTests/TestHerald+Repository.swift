import Foundation
import HeraldTesting
import TestSupport

extension TestHerald {
    /// An in-process Herald with the repository's templates and preview samples, and `settings`
    /// (flag names of README "Configuration") over them.
    static func repository(_ mode: Mode = .router, settings: [String: String] = [:]) throws -> TestHerald {
        let root = HeraldBinary.repositoryRoot
        var values = ["templates": root.appendingPathComponent("Templates").path, "previews-dir": root.appendingPathComponent("Previews").path]
        values.merge(settings) { $1 }
        return try TestHerald(mode, settings: Settings(values))
    }

    /// Waits (bounded) until the spool holds nothing left to deliver, as `/metrics` reports it: the
    /// condition after which a test may assert that something was *not* delivered.
    func waitUntilSpoolIsEmpty(timeout: TimeInterval = 10) async throws -> Bool {
        try await waitUntil(timeout: timeout) { try get("/metrics").text.contains("herald_spool_depth 0\n") }
    }
}
