import Foundation
import HTTPServer

/// Builds JSON answers from `Encodable` values with stable key order.
enum JSONResponse {
    static func make(_ status: HTTPStatus, _ value: some Encodable) -> ServerResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            return ServerResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: Array(try encoder.encode(value)))
        } catch {
            return APIError(.internalServerError, code: "internal", message: "could not encode the answer").response
        }
    }

    /// A JSON answer built by hand (already valid JSON text).
    static func raw(_ status: HTTPStatus, _ json: String) -> ServerResponse {
        ServerResponse(status: status, contentType: "application/json", body: json)
    }
}
