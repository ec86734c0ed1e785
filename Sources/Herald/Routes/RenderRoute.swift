import Foundation
import HTTPServer
import Messages

/// `POST /v1/render`: the send-request body rendered without sending:
/// `{"subject","html","text","eml"}` (plus `localeNote` when the locale fell back).
struct RenderRoute: Sendable {
    let composer: MessageComposer

    private struct Answer: Encodable {
        var subject: String
        var html: String
        var text: String
        var eml: String
        var localeNote: String?
    }

    func register(on router: inout Router) {
        router.add(.post, "/v1/render") { request, context in
            respond(&context) { _ throws(APIError) in
                let (sendRequest, problems) = try SendRequest.parse(request, recipientsRequired: false)
                let result = try composer.compose(sendRequest, envelopeProblems: problems, id: "render-" + MessageID.new(), now: Date())
                let message = result.message
                return JSONResponse.make(.ok, Answer(subject: message.subject, html: message.html, text: message.text, eml: message.eml, localeNote: result.localeNote))
            }
        }
    }
}
