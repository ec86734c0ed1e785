import Delivery
import Messages

/// What became of one send request in `MessageSubmission.submit`: the one answer that the HTTP layer
/// (a status and a JSON body, README "API") and `herald send` (a JSON line and an exit status, README
/// "Commands") each present in their own way.
public enum SubmissionResult: Sendable {
    /// A new message, on disk (HTTP `202`; `herald send`: `created`).
    case created(MessageStatus, localeNote: String?)
    /// Same key, another request, and the earlier message was still `scheduled`: it is `cancelled` and
    /// this one, on disk, takes its place (HTTP `202`; `replaced`).
    case replaced(MessageStatus, previousID: String, localeNote: String?)
    /// Same key, same request: the first message's status, answered before the request was checked
    /// again, nothing stored (HTTP `200`; `replayed`).
    case replayed(MessageStatus)
    /// Same key, another request, and the earlier message is past `scheduled`: nothing stored; the
    /// status is the earlier message's (HTTP `409 key_conflict`; `conflict`, exit 1).
    case conflict(existing: MessageStatus)
    /// The request is wrong (`invalidFields`: envelope and context problems together; `unknownMessage`),
    /// or Herald could not render or compose it (`template`, `composition`: Herald's bugs).
    case rejected(CatalogError)
    /// The spool could not answer the replay or store the message; nothing was stored. `SpoolError.full`
    /// passes once the worker has delivered some messages.
    case spoolFailed(SpoolError, SpoolStep)

    /// Which spool operation of a submission failed.
    public enum SpoolStep: Sendable {
        /// Looking up an earlier message with the same key (a read).
        case replay
        /// Storing the composed message (a write).
        case enqueue
    }
}
