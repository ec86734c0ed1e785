import Foundation
import HTTPServer
import Messages

extension SendRequest {
    /// Reads a send request's body from HTTP, once, with the strict JSON reader: the HTTP-level
    /// checks here, the envelope and the context in `MessageSubmission` (shared with `herald send`).
    ///
    /// - Throws: `415` for a body that is not declared JSON, `400` for invalid JSON (not UTF-8, too
    ///   deep, a duplicate member: see `JSONValue.init(parsing:)`) or a non-object.
    static func body(of request: ServerRequest) throws(APIError) -> JSONValue {
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
        return json
    }
}
