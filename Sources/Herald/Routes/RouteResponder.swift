import Foundation
import HTTPServer

/// Runs a route body and turns its typed error into the error answer.
func respond(_ body: () throws(APIError) -> HTTPResponse) -> HTTPResponse {
    do {
        return try body()
    } catch {
        return error.response
    }
}

/// Herald's message ids: random, usable as a file name and inside a `Message-ID`.
enum MessageID {
    static func new() -> String {
        UUID().uuidString.lowercased()
    }
}
