import Foundation
import HTTPServer

/// Runs a route body and turns its typed error into the error answer. An error about an existing
/// message (a `409` with its id) names that message in the request's log line.
func respond(_ context: inout RequestContext, _ body: (inout RequestContext) throws(APIError) -> ServerResponse) -> ServerResponse {
    do {
        return try body(&context)
    } catch {
        if let id = error.existingID { context.messageID = id }
        return error.response
    }
}
