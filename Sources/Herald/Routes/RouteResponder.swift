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
