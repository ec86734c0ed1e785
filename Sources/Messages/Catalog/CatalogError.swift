import DKIM
import Template

/// Why a message could not be rendered or composed, with the HTTP status it deserves.
public enum CatalogError: Error, Sendable, CustomStringConvertible {
    /// No such message kind (404).
    case unknownMessage(String)
    /// The context or recipients are wrong: every problem with its path (400 or 422).
    case invalidFields(FieldProblems)
    /// One of our templates failed: `file:line:col: message` (a Herald bug, 500).
    case template(TemplateError)
    /// Herald's own composition inputs were wrong (a Herald bug, 500).
    case composition(MIMEError)
    /// The configured DKIM key could not sign (a Herald or libcrypto failure, 500).
    case signing(DKIMError)

    public var httpStatus: Int {
        switch self {
        case .unknownMessage: 404
        case .invalidFields(let problems): problems.httpStatus
        case .template, .composition, .signing: 500
        }
    }

    public var description: String {
        switch self {
        case .unknownMessage(let name):
            "unknown message \"\(name)\" (known: \(MessageKind.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .invalidFields(let problems): problems.description
        case .template(let error): error.description
        case .composition(let error): error.description
        case .signing(let error): "DKIM: \(error.description)"
        }
    }
}
