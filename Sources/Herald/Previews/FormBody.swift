import Foundation
import HTTPServer

/// `application/x-www-form-urlencoded` bodies, as the preview page's context form posts them.
enum FormBody {
    /// The decoded fields; nil when the body is not valid form encoding.
    static func decode(_ body: [UInt8]) -> [String: String]? {
        let text = String(decoding: body, as: UTF8.self)
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decodeComponent(parts[0]) else { return nil }
            let value = parts.count == 2 ? decodeComponent(parts[1]) : ""
            guard let value else { return nil }
            fields[name] = value
        }
        return fields
    }

    private static func decodeComponent(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
