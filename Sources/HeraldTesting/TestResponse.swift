import Foundation

/// One whole response from a `TestHerald`, with readers for Herald's JSON error body (README
/// "API", errors), so a test asserts on `errorCode` and field paths rather than on text.
public struct TestResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The first value of the header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The body as a JSON object, nil when it is not one.
    public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }

    /// `error.code` of an error body.
    public var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }

    /// `error.fields` of an error body: each with its `path` and `problem`.
    public var errorFields: [[String: String]] {
        ((json?["error"] as? [String: Any])?["fields"] as? [[String: String]]) ?? []
    }
}
