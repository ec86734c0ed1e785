import Testing
import TestSupport

/// Gives a suite (or a test) the shared throwaway PostgreSQL server as `PostgresServer.current`,
/// started before its first test and stopped after its last (when no other suite holds it).
struct PostgresServerTrait: SuiteTrait, TestTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        try await PostgresServer.withShared { server in
            try await PostgresServer.$current.withValue(server) { try await function() }
        }
    }
}

extension Trait where Self == PostgresServerTrait {
    static var postgresServer: Self { Self() }
}
