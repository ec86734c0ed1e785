import Foundation
import TestSupport
import Testing

/// `herald schema diff OLD NEW` tells a caller's CI which contract changes break its requests.
@Suite struct SchemaCommandTests {
    typealias Document = [String: Any]

    func printed() throws -> Document {
        let result = try HeraldBinary.run(["schema", "print"])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(result.json as Document?)
    }

    /// Writes `old` and `new` and runs the diff.
    func diff(_ old: Document, _ new: Document) throws -> ChildProcess.Result {
        let folder = try ScratchFolder()
        try folder.write("old.json", String(decoding: try JSONSerialization.data(withJSONObject: old), as: UTF8.self))
        try folder.write("new.json", String(decoding: try JSONSerialization.data(withJSONObject: new), as: UTF8.self))
        return try HeraldBinary.run(["schema", "diff", "old.json", "new.json"], in: folder.url)
    }

    /// `document` with `change` applied to its component schemas.
    func changing(_ document: Document, _ change: (inout [String: Document]) -> Void) throws -> Document {
        var document = document
        var components = try #require(document["components"] as? Document)
        var schemas = try #require(components["schemas"] as? [String: Document])
        change(&schemas)
        components["schemas"] = schemas
        document["components"] = components
        return document
    }

    func properties(_ schema: Document?) -> Document { schema?["properties"] as? Document ?? [:] }

    @Test func theSameContractHasNoChange() throws {
        let document = try printed()
        #expect(document["openapi"] as? String == "3.1.0")
        let result = try diff(document, document)
        #expect(result.status == 0)
        #expect(result.stdout == "no breaking change (0 compatible)\n")
    }

    @Test func eachNarrowingIsBreakingAtItsPath() throws {
        let old = try printed()
        let new = try changing(old) { schemas in
            var context = schemas["InstallmentPaidContext"] ?? [:]
            var fields = properties(context)
            fields["voucherCode"] = ["type": "string"]
            fields.removeValue(forKey: "productTitle")
            context["properties"] = fields
            context["required"] = (context["required"] as? [String] ?? []).filter { $0 != "productTitle" } + ["voucherCode"]
            schemas["InstallmentPaidContext"] = context

            var money = schemas["Money"] ?? [:]
            var moneyFields = properties(money)
            var currency = moneyFields["currency"] as? Document ?? [:]
            currency["enum"] = (currency["enum"] as? [String] ?? []).filter { $0 != "JPY" }
            moneyFields["currency"] = currency
            moneyFields["amount"] = ["type": "integer"]
            money["properties"] = moneyFields
            schemas["Money"] = money

            var checkIn = schemas["CheckInContext"] ?? [:]
            let optional = properties(checkIn).keys.sorted().first { !((checkIn["required"] as? [String]) ?? []).contains($0) } ?? ""
            checkIn["required"] = (checkIn["required"] as? [String] ?? []) + [optional]
            schemas["CheckInContext"] = checkIn

            var sendRequest = schemas["SendRequest"] ?? [:]
            var discriminator = sendRequest["discriminator"] as? Document ?? [:]
            var mapping = discriminator["mapping"] as? Document ?? [:]
            mapping.removeValue(forKey: "payment-rejected")
            discriminator["mapping"] = mapping
            sendRequest["discriminator"] = discriminator
            schemas["SendRequest"] = sendRequest
        }
        let result = try diff(old, new)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let lines = Set(result.stdout.split(separator: "\n").map(String.init))
        for expected in [
            "breaking: installment-paid context.voucherCode: a new required field",
            "breaking: installment-paid context.productTitle: the field was removed: a request that sends it is refused",
            "breaking: installment-paid context.amount.currency: no longer accepts \"JPY\"",
            "breaking: all-paid context.schedule[].amount.amount: type string became integer",
            "breaking: payment-rejected: the message was removed",
        ] {
            #expect(lines.contains(expected), "\(expected) not in:\n\(result.stdout)")
        }
        #expect(lines.contains { $0.hasPrefix("breaking: check-in context.") && $0.hasSuffix(": is now required") }, "\(result.stdout)")
        #expect(result.stdout.hasSuffix(" breaking changes for callers\n"))
    }

    @Test func wideningIsCompatible() throws {
        let old = try printed()
        let relaxed = try #require(((((old["components"] as? Document)?["schemas"] as? Document)?["AllPaidContext"] as? Document)?["required"] as? [String])?.first)
        let new = try changing(old) { schemas in
            var context = schemas["AllPaidContext"] ?? [:]
            var fields = properties(context)
            fields["note"] = ["type": "string"]
            context["properties"] = fields
            context["required"] = (context["required"] as? [String] ?? []).filter { $0 != relaxed }
            schemas["AllPaidContext"] = context
            var money = schemas["Money"] ?? [:]
            var moneyFields = properties(money)
            var currency = moneyFields["currency"] as? Document ?? [:]
            currency["enum"] = (currency["enum"] as? [String] ?? []) + ["XTS"]
            moneyFields["currency"] = currency
            money["properties"] = moneyFields
            schemas["Money"] = money
        }
        let result = try diff(old, new)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("compatible: all-paid context.note: a new optional field\n"))
        #expect(result.stdout.contains("compatible: all-paid context.\(relaxed): is now optional\n"))
        #expect(result.stdout.contains("compatible: all-paid context.amount.currency: also accepts \"XTS\"\n"))
        #expect(result.stdout.hasPrefix("compatible:") && result.stdout.contains("no breaking change ("))
    }

    @Test func unreadableOrForeignFilesAreClearErrors() throws {
        let folder = try ScratchFolder()
        try folder.write("broken.json", "{\"openapi\":\n  \"3.1.0\",,}")
        try folder.write("foreign.json", "{\"openapi\":\"3.1.0\",\"paths\":{}}")
        try folder.write("ours.json", try HeraldBinary.run(["schema", "print"]).stdout)

        let broken = try HeraldBinary.run(["schema", "diff", "ours.json", "broken.json"], in: folder.url)
        #expect(broken.status == 65)
        #expect(broken.stderr.hasPrefix("herald schema diff: broken.json:2:11: "), "\(broken.stderr)")
        let missing = try HeraldBinary.run(["schema", "diff", "ours.json", "absent.json"], in: folder.url)
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("absent.json"))
        let foreign = try HeraldBinary.run(["schema", "diff", "foreign.json", "ours.json"], in: folder.url)
        #expect(foreign.status == 65)
        #expect(foreign.stderr.contains("OLD is not a Herald contract"))
        for arguments in [["schema"], ["schema", "diff", "ours.json"], ["schema", "print", "extra"], ["schema", "lint"]] {
            let usage = try HeraldBinary.run(arguments, in: folder.url)
            #expect(usage.status == 64, "\(arguments)")
            #expect(usage.stderr.contains("usage: herald schema print | diff OLD.json NEW.json"))
        }
    }
}
