import HeraldLogging
import HTTPServer
import Messages

extension APIError {
    /// Field problems as an answer: `422` when every problem is semantic, else `400`.
    static func fields(_ problems: FieldProblems) -> APIError {
        let status: HTTPStatus = problems.httpStatus == 422 ? .unprocessableContent : .badRequest
        let fields = problems.problems.map { Field(path: $0.path, problem: $0.problem) }
        let count = problems.problems.count
        let message = count == 1 ? "1 field is invalid" : "\(count)\(problems.truncated ? "+" : "") fields are invalid"
        return APIError(status, code: status == .badRequest ? "invalid_request" : "unprocessable", message: message, fields: fields)
    }

    /// A catalog failure as an answer. Template and composition failures are Herald's bugs (`500`),
    /// never the caller's.
    static func catalog(_ error: CatalogError) -> APIError {
        switch error {
        case .unknownMessage:
            APIError(.notFound, code: "unknown_message", message: error.description)
        case .invalidFields(let problems):
            fields(problems)
        case .template, .composition, .signing:
            APIError(.internalServerError, code: "internal", message: "the message could not be rendered; the error is logged")
        }
    }

    /// The same, logging Herald's own failures (the caller gets only that one happened).
    static func catalog(_ error: CatalogError, logger: HeraldLog) -> APIError {
        switch error {
        case .template: logger.error("render_failed", ["error": .string(error.description)])
        case .composition: logger.error("compose_failed", ["error": .string(error.description)])
        case .signing: logger.error("dkim_signing_failed", ["error": .string(error.description)])
        case .unknownMessage, .invalidFields: break
        }
        return catalog(error)
    }
}
