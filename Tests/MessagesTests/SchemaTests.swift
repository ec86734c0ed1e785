import Foundation
import Testing
import Template
@testable import Messages

/// The declared schemas must agree with the `Codable` structs and with what templates receive.
@Suite struct SchemaTests {
    /// Dropping a required field makes decoding fail at that field; dropping an optional one does not.
    @Test(arguments: MessageKind.allCases)
    func requiredAndOptionalFieldsMatchTheStruct(_ kind: MessageKind) throws {
        let sample = try #require(PreviewSample.load(directory: Repository.previews).samples.first { $0.kind == kind })
        for field in kind.schema.fields {
            let reduced = sample.context.setting(field.name, nil)
            // The struct itself (JSONDecoder, no schema) must agree about optionality.
            let structDecodes = (try? JSONDecoder().decode(kind.contextType, from: JSONEncoder().encode(reduced))) != nil
            #expect(structDecodes == !field.isRequired, "\(kind).\(field.name)")
            if field.isRequired {
                let problems = SchemaValidator.validate(reduced, against: kind.schema, at: FieldPath("context"))
                #expect(problems.problems.map(\.description) == ["context.\(field.name): is required"])
            }
        }
    }

    /// Everything a preview encodes back to is in the schema, and the view a template gets has exactly
    /// the fields of the view schema (so `herald check` resolves names against the truth).
    @Test func encodedContextsAndViewsMatchTheirSchemas() throws {
        for sample in PreviewSample.load(directory: Repository.previews).samples {
            let context = try sample.kind.decodeContext(sample.context, environment: Fixtures.environment())
            let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(context)) as? [String: Any] ?? [:]
            let schemaNames = Set(sample.kind.schema.fields.map(\.name))
            #expect(Set(encoded.keys).isSubset(of: schemaNames), "\(sample.path)")

            let view = context.templateValue(in: Fixtures.environment())
            guard case .object(let fields) = view else { Issue.record("view is not an object"); continue }
            let viewSchema = type(of: context).viewSchema
            #expect(Set(fields.keys) == Set(viewSchema.fields.map(\.name)), "\(sample.path)")
            if case .list(let rows)? = fields["schedule"], case .object(let row)? = rows.first,
               case .list(let rowSchema)? = viewSchema.field(named: "schedule")?.type {
                #expect(Set(row.keys) == Set(rowSchema.fields.map(\.name)))
            }
        }
    }

    @Test func schemaIsServedAsJSON() throws {
        let data = try JSONEncoder().encode(MessageKind.installmentPaid.schema)
        let fields = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let schedule = try #require(fields.first { $0["name"] as? String == "schedule" })
        #expect(schedule["type"] as? String == "list")
        #expect(schedule["required"] as? Bool == true)
        let rowFields = try #require(schedule["fields"] as? [[String: Any]])
        #expect(rowFields.map { $0["name"] as? String } == ["number", "dueDate", "amount", "state"])
        let card = try #require(fields.first { $0["name"] as? String == "cardLast4" })
        #expect(card["required"] as? Bool == false)
    }
}
