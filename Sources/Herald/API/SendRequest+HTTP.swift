import Foundation
import HTTPServer
import Messages

extension SendRequest {
    /// Reads a send request from an HTTP body: the HTTP-level checks here, the envelope through the
    /// catalog's one parser (shared with `herald send`).
    ///
    /// - Parameter recipientsRequired: `POST /v1/render` may leave `to` out (a placeholder is used).
    /// - Throws: `415` for a body that is not declared JSON, `400` for invalid JSON (not UTF-8, too
    ///   deep, a duplicate member: see `JSONValue.init(parsing:)`) or a non-object.
    ///   Envelope problems are returned; context problems are left to the catalog.
    static func parse(_ request: HTTPRequest, recipientsRequired: Bool = true) throws(APIError) -> (SendRequest, FieldProblems) {
        let mediaType = request.headers["Content-Type"]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard mediaType == "application/json" else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type",
                           message: "send the body as application/json (got \(mediaType ?? "no Content-Type"))")
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: request.body)
        } catch {
            let fields = error.path.map { [APIError.Field(path: $0.description, problem: error.detail)] } ?? []
            throw APIError(.badRequest, code: "invalid_json", message: error.description, fields: fields)
        }
        guard case .object = json else {
            throw APIError(.badRequest, code: "invalid_request", message: "the body must be a JSON object, got \(json.typeName)")
        }
        return envelope(of: json, recipientsRequired: recipientsRequired)
    }
}
