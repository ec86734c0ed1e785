import Foundation
import Testing
@testable import Messages

/// Bad input always gets field problems, never a crash and never the "schema and struct disagree"
/// fallback: every field of every preview (and of a schedule row and a money value) replaced by every
/// JSON type either decodes or is reported with a path.
@Suite struct HostileInputTests {
    static let replacements: [JSONValue] = [
        .null, .integer(0), .integer(-1), .number(Decimal(string: "1.5")!), .bool(true), .string(""), .string("x\r\ny"),
        .string("2026-03-05"), .string("https://x.example/a"), .array([]), .array([.null]), .object([:]),
    ]

    static func mutations(of value: JSONValue) -> [JSONValue] {
        guard case .object(let members) = value else { return [] }
        var results: [JSONValue] = []
        for (key, member) in members {
            for replacement in replacements { results.append(value.setting(key, replacement)) }
            results.append(value.setting(key, nil))
            if case .array(let rows) = member, let first = rows.first {
                for mutated in mutations(of: first) { results.append(value.setting(key, .array([mutated] + rows.dropFirst()))) }
            }
            if case .object = member {
                for mutated in mutations(of: member) { results.append(value.setting(key, mutated)) }
            }
        }
        return results
    }

    @Test(arguments: MessageKind.allCases)
    func everyMutationDecodesOrIsReportedWithAPath(_ kind: MessageKind) throws {
        let sample = try #require(Fixtures.samples.first { $0.kind == kind })
        let mutations = Self.mutations(of: sample.context)
        // Every field replaced by every replacement and removed: each kind's first sample has at least four fields.
        #expect(mutations.count >= 4 * (Self.replacements.count + 1))
        for mutated in mutations {
            do {
                let context = try kind.decodeContext(mutated, environment: Fixtures.environment())
                _ = try Fixtures.renderer.render(context, environment: Fixtures.environment("fr"))
            } catch let problems as FieldProblems {
                #expect(!problems.isEmpty)
                #expect(problems.problems.allSatisfy { $0.path.hasPrefix("context") && !$0.problem.hasPrefix("could not be decoded") },
                        "\(problems)")
            } catch {
                Issue.record("unexpected \(error) for \(mutated)")
            }
        }
    }
}
