import Foundation
import TestSupport

/// Send-request bodies for end-to-end tests, built from the repository's preview samples.
enum SendRequests {
    static let kinds = ["installment-paid", "all-paid", "failed-debit", "upcoming-debit", "check-in",
                        "payment-submitted", "payment-approved", "payment-rejected"]

    /// The first sample context of `kind` (sorted by file name), as JSON text, moved into the future:
    /// samples are dated for the preview reference day, and a debit date in the past is a `422`.
    static func sampleContext(_ kind: String) throws -> String {
        try storedSample(kind).replacingOccurrences(of: "\"2026-", with: "\"2031-")
    }

    /// A named sample of `kind`, moved into the future like `sampleContext`.
    static func storedSampleContext(_ kind: String, named name: String) throws -> String {
        let file = HeraldBinary.repositoryRoot.appendingPathComponent("Previews/\(kind)/\(name)")
        return try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "\"2026-", with: "\"2031-")
    }

    private static func storedSample(_ kind: String) throws -> String {
        let folder = HeraldBinary.repositoryRoot.appendingPathComponent("Previews").appendingPathComponent(kind)
        let name = try require(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted().first, "a sample of \(kind)")
        return try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    static func body(_ kind: String, to email: String, locale: String = "en", context: String? = nil, key: String? = nil, sendAt: String? = nil) throws -> String {
        var json = "{\"message\":\"\(kind)\",\"to\":[{\"email\":\"\(email)\",\"name\":\"Zoë O'Brien\"}],\"locale\":\"\(locale)\","
        if let key { json += "\"key\":\"\(key)\"," }
        if let sendAt { json += "\"sendAt\":\"\(sendAt)\"," }
        json += "\"context\":\(try context ?? sampleContext(kind))}"
        return json
    }
}

/// `#require` outside a test function body: throws when nil.
func require<T>(_ value: T?, _ what: String = "value") throws -> T {
    guard let value else { throw RequireError.missing(what) }
    return value
}

enum RequireError: Error { case missing(String) }
