import HeraldLogging
import Foundation
import HTTPServer
import Messages

/// `POST /v1/render`: the send-request body validated and composed as `POST /v1/messages` would, without
/// storing it: `{"subject","html","text","eml","attachments"}` (plus `localeNote` when the locale fell back);
/// `attachments` lists each attachment's `filename`, `contentType`, `size` and `sha256`.
struct RenderRoute: Sendable {
    let catalog: MessageCatalog
    let logger: HeraldLog

    private struct Answer: Encodable {
        var subject: String
        var html: String
        var text: String
        var eml: String
        var attachments: [AttachmentSummary]
        var localeNote: String?
    }

    func register(on router: inout RouteTable) {
        router.add(.post, "/v1/render") { request, context in
            respond(&context) { _ throws(APIError) in
                let body = try SendRequest.body(of: request)
                let result: MessageCatalog.Result
                do throws(CatalogError) {
                    result = try MessageSubmission.compose(body, recipientsRequired: false, catalog: catalog, id: MessageSubmission.newMessageID(), now: Date())
                } catch {
                    throw APIError.catalog(error, logger: logger)
                }
                let message = result.message
                return JSONResponse.make(.ok, Answer(subject: message.subject, html: message.html, text: message.text, eml: message.eml, attachments: message.attachments ?? [], localeNote: result.localeNote))
            }
        }
    }
}
