import Foundation
import HeraldLogging
import HTTPServer
import Messages

/// Turns a checked send request into a composed message through the one pipeline the README describes
/// (decode → render → compose), merging envelope and context problems into one answer.
struct MessageComposer: Sendable {
    let catalog: MessageCatalog
    let logger: HeraldLog

    func compose(_ request: SendRequest, envelopeProblems: FieldProblems, id: String, now: Date) throws(APIError) -> MessageCatalog.Result {
        guard let kind = MessageKind(rawValue: request.message) else {
            if envelopeProblems.isEmpty { throw APIError.catalog(.unknownMessage(request.message)) }
            throw APIError.fields(envelopeProblems)
        }
        let rendered: RenderedMessage
        do {
            rendered = try catalog.renderer.render(kind, context: request.context, locale: request.locale, now: now)
        } catch {
            if case .invalidFields(let contextProblems) = error {
                var all = envelopeProblems
                all.append(contentsOf: contextProblems)
                throw APIError.fields(all)
            }
            logger.error("render_failed", ["message": .string(kind.rawValue), "error": .string(error.description)])
            throw APIError.catalog(error)
        }
        guard envelopeProblems.isEmpty else { throw APIError.fields(envelopeProblems) }
        do {
            return try catalog.compose(rendered, to: request.to, key: request.key, id: id, now: now, context: request.context)
        } catch {
            logger.error("compose_failed", ["message": .string(kind.rawValue), "error": .string(error.description)])
            throw APIError.catalog(error)
        }
    }
}
