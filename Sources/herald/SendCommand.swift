import Delivery
import Foundation
import Herald
import HeraldLogging
import Messages

/// `herald send <message> --to "Name <addr>" --locale fr --context FILE [--attachments FILE] [--key K] [--send-at T] [--wait [--timeout S]]`:
/// submits through the same pipeline as `POST /v1/messages` (`MessageSubmission`: a keyed replay answered
/// first, then validate, render, compose, enqueue into the spool, `HERALD_STORE`) and prints the
/// message's status as one JSON object. With `--wait` it also delivers
/// (through `HERALD_TRANSPORT`, or lets the process already delivering from the spool do it) and exits 0
/// only once the message is `sent`.
///
/// Exit status: 0 enqueued (or sent, with `--wait`); 1 failed, unknown, cancelled or a key conflict;
/// 75 still pending when `--timeout` (default 120 s) ran out; 64 usage; 65 invalid input; 70 spool error
/// (a full spool too: `HERALD_SPOOL_CAPACITY` unfinished messages); 78 an invalid setting.
enum SendCommand: HeraldCommand {
    static let name = "send"
    static let summary = "render a message and enqueue it for delivery (--wait: deliver and report)"

    static let usage = "herald send <message> --to \"Name <addr>\" [--locale fr] --context FILE [--attachments FILE] [--key K] [--send-at RFC3339] [--wait [--timeout SECONDS]]"
    static let options: [CommandOption] = [
        .value("to", "ADDR", "the recipient, \"Name <addr>\" or an address (required)"),
        .value("locale", "LOCALE", "the locale to render (fr, en, …); another falls back with a note", default: "en"),
        .value("context", "FILE", "the message's JSON context (required)"),
        .value("attachments", "FILE", "a JSON list of {\"filename\",\"contentType\",\"content\" (base64)}, as the API's attachments"),
        .value("key", "KEY", "idempotency key: the same key and request is answered with the first message"),
        .value("send-at", "RFC3339", "schedule the message for this time", default: "now"),
        .toggle("wait", "deliver too, and exit 0 only once the message is sent"),
        .value("timeout", "SECONDS", "with --wait, exit 75 if the message is still pending after this long", default: "120"),
    ] + CommandOption.settings(ConfigurationSetting.composition + ConfigurationSetting.delivery)

    static func run(_ options: Arguments, configuration settings: HeraldConfiguration) throws -> Int32 {
        guard options.positionals.count == 1, let message = options.positionals.first else { throw ArgumentError.unexpected(usage) }
        let contextPath = try options.required("context")
        let toText = try options.required("to")
        let recipient: EmailAddress
        do { recipient = try AddressValidator.parseMailbox(toText) } catch { throw ArgumentError.unexpected("--to \(error)") }
        let timeout = try options.value("timeout").map { text throws(ArgumentError) in
            guard let seconds = Double(text), seconds > 0 else { throw .unexpected("--timeout must be a number of seconds > 0") }
            return seconds
        } ?? 120

        let context = try JSONFile.read(contextPath, memberRoot: "context")
        let attachments = try options.value("attachments").map { path throws(CommandFailure) in try JSONFile.read(path) }

        let templates = URL(fileURLWithPath: settings.templatesPath)
        let renderer = try MessageRenderer(templatesDirectory: templates, brand: settings.brand)
        let configuration = settings.delivery
        let log = HeraldLog()
        let spool = try configuration.openSpool(log: options.has("wait") ? log : .silent)
        let submission = MessageSubmission(catalog: settings.catalog(renderer: renderer), spool: spool)

        let status: MessageStatus
        let disposition: String
        switch submission.submit(requestJSON(message: message, to: recipient, options: options, context: context, attachments: attachments)) {
        case .created(let created, let localeNote):
            if let localeNote { log.warning("locale_fallback", ["message": .string(message), "note": .string(localeNote)]) }
            (status, disposition) = (created, "created")
        case .replaced(let replacement, _, let localeNote):
            if let localeNote { log.warning("locale_fallback", ["message": .string(message), "note": .string(localeNote)]) }
            (status, disposition) = (replacement, "replaced")
        case .replayed(let first):
            (status, disposition) = (first, "replayed")
        case .conflict(let existing):
            Console.output(line(existing, disposition: "conflict"))
            return 1
        // Refusals and spool failures are presented below, with the errors of the setup.
        case .rejected(let error):
            throw error
        case .spoolFailed(let error, _):
            throw error
        }
        guard options.has("wait") else {
            Console.output(line(status, disposition: disposition))
            return 0
        }
        let delivering = try startDelivering(spool)
        TerminationSignal.install()
        let final = try spool.waitUntilFinished(id: status.id, timeout: timeout)
        if delivering { spool.stop(drainTimeout: 30) }
        guard let final else {
            Console.error("herald send: message \(status.id) disappeared from the spool")
            return 70
        }
        Console.output(line(final, disposition: disposition))
        switch final.status {
        case .sent: return 0
        case .failed, .unknown, .cancelled: return 1
        case .queued, .scheduled, .sending, .retrying: return 75
        }
    }

    /// A usage error repeats the synopsis.
    static func exitStatus(reporting error: any Error) -> Int32 {
        guard error is ArgumentError else { return compositionExitStatus(reporting: error) }
        Console.error("herald send: \(error)\nusage: \(usage)")
        return 64
    }

    /// Starts this process's worker; false when another process (herald serve / deliver) already
    /// delivers from the spool, which then delivers this message too.
    private static func startDelivering(_ spool: Spool) throws(SpoolError) -> Bool {
        do {
            try spool.start()
            return true
        } catch {
            if case .workerAlreadyRunning = error { return false }
            throw error
        }
    }

    /// The send request the HTTP API would receive for these arguments (README "API"), with the context
    /// and the attachments exactly as their files hold them.
    private static func requestJSON(
        message: String, to recipient: EmailAddress, options: Arguments, context: JSONValue, attachments: JSONValue?
    ) -> JSONValue {
        var to: [String: JSONValue] = ["email": .string(recipient.email)]
        if let name = recipient.name { to["name"] = .string(name) }
        var body: [String: JSONValue] = ["message": .string(message), "context": context, "to": .array([.object(to)])]
        if let locale = options.value("locale") { body["locale"] = .string(locale) }
        if let key = options.value("key") { body["key"] = .string(key) }
        if let sendAt = options.value("send-at") { body["sendAt"] = .string(sendAt) }
        if let attachments { body["attachments"] = attachments }
        return .object(body)
    }

    /// The status JSON with how the submission went (`created`, `replayed`, `replaced`, `conflict`).
    private static func line(_ status: MessageStatus, disposition: String) -> String {
        "{\"disposition\":\"\(disposition)\"," + status.json().dropFirst() + "\n"
    }
}
