import Delivery
import Foundation
import Herald
import HeraldLogging
import Messages

/// `herald send <message> --to "Name <addr>" --locale fr --context FILE [--key K] [--send-at T] [--wait [--timeout S]]`:
/// validates, renders and composes through the same path as the send API, enqueues into the spool
/// (`HERALD_SPOOL`) and prints the message's status as one JSON object. With `--wait` it also delivers
/// (through `HERALD_TRANSPORT`, or lets the process already delivering from the spool do it) and exits 0
/// only once the message is `sent`.
///
/// Exit status: 0 enqueued (or sent, with `--wait`); 1 failed, unknown, cancelled or a key conflict;
/// 75 still pending when `--timeout` (default 120 s) ran out; 64 usage; 65 invalid input; 70 spool or setup error
/// (a full spool too: `HERALD_SPOOL_CAPACITY` unfinished messages).
enum SendCommand: HeraldCommand {
    static let name = "send"
    static let summary = "render a message and enqueue it for delivery (--wait: deliver and report)"

    static let usage = "usage: herald send <message> --to \"Name <addr>\" [--locale fr] --context FILE [--key K] [--send-at RFC3339] [--wait [--timeout SECONDS]]"

    static func run(_ arguments: [String]) -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        do {
            let options = try Arguments(arguments, valued: ["to", "locale", "context", "key", "send-at", "timeout", "templates"], switches: ["wait"])
            guard options.positionals.count == 1, let message = options.positionals.first else { throw ArgumentError.unexpected(usage) }
            let contextPath = try options.required("context")
            let toText = try options.required("to")
            let recipient: EmailAddress
            do { recipient = try AddressValidator.parseMailbox(toText) } catch { throw ArgumentError.unexpected("--to \(error)") }
            let timeout = try options.value("timeout").map { text throws(ArgumentError) in
                guard let seconds = Double(text), seconds > 0 else { throw .unexpected("--timeout must be a number of seconds > 0") }
                return seconds
            } ?? 120

            let contextData: Data
            do {
                contextData = try Data(contentsOf: URL(fileURLWithPath: contextPath))
            } catch {
                Console.error("\(contextPath): cannot read: \(error.localizedDescription)")
                return 66
            }
            let context: JSONValue
            do {
                context = try JSONValue(parsing: contextData)
            } catch {
                let member = error.path.map { " (context.\($0))" } ?? ""
                Console.error("\(contextPath):\(error.position.line):\(error.position.column): invalid JSON: \(error.detail)\(member)")
                return 65
            }

            let now = Date()
            let request = try SendRequest.decode(requestJSON(message: message, to: recipient, options: options, context: context), now: now)
            let templates = URL(fileURLWithPath: options.value("templates") ?? environment["HERALD_TEMPLATES"] ?? "Templates")
            let renderer = try MessageRenderer(templatesDirectory: templates, brand: Brand(environment: environment))
            let configured = try SenderAddress(parsing: environment["HERALD_FROM"] ?? "Herald <no-reply@localhost>")
            let sender = EmailAddress(email: configured.email, name: configured.name)
            let catalog = MessageCatalog(renderer: renderer, sender: sender)
            // A scheduled message is rendered as of its send time ("tomorrow", the Date header).
            let sendTime = max(request.sendAt?.date ?? now, now)
            let composed = try catalog.compose(request.catalogRequest, id: "msg-" + UUID().uuidString.lowercased(), now: sendTime)
            let log = HeraldLog()
            if let note = composed.localeNote { log.warning("locale_fallback", ["message": .string(message), "note": .string(note)]) }

            let configuration = try DeliveryConfiguration(environment: environment)
            let spool = try configuration.openSpool(log: log)
            let result = try spool.enqueue(composed.message, sendAt: request.sendAt?.date, fingerprint: RequestFingerprint.of(request))
            guard options.has("wait"), result.disposition != .conflict else {
                Console.output(line(result.status, disposition: result.disposition))
                return result.disposition == .conflict ? 1 : 0
            }
            let delivering = try startDelivering(spool)
            TerminationSignal.install()
            let final = try spool.waitUntilFinished(id: result.id, timeout: timeout)
            if delivering { spool.stop(drainTimeout: 30) }
            guard let final else {
                Console.error("herald send: message \(result.id) disappeared from the spool")
                return 70
            }
            Console.output(line(final, disposition: result.disposition))
            switch final.status {
            case .sent: return 0
            case .failed, .unknown, .cancelled: return 1
            case .queued, .scheduled, .sending, .retrying: return 75
            }
        } catch let error as ArgumentError {
            Console.error("herald send: \(error)\n\(usage)")
            return 64
        } catch let error as CatalogError {
            if case .invalidFields(let problems) = error {
                for problem in problems.problems { Console.error("\(problem.path): \(problem.problem)") }
                return 65
            }
            Console.error("herald send: \(error)")
            return error.httpStatus == 404 ? 64 : 70
        } catch {
            Console.error("herald send: \(error)")
            return 70
        }
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
    /// exactly as the file holds it.
    private static func requestJSON(message: String, to recipient: EmailAddress, options: Arguments, context: JSONValue) -> JSONValue {
        var to: [String: JSONValue] = ["email": .string(recipient.email)]
        if let name = recipient.name { to["name"] = .string(name) }
        var body: [String: JSONValue] = ["message": .string(message), "context": context, "to": .array([.object(to)])]
        if let locale = options.value("locale") { body["locale"] = .string(locale) }
        if let key = options.value("key") { body["key"] = .string(key) }
        if let sendAt = options.value("send-at") { body["sendAt"] = .string(sendAt) }
        return .object(body)
    }

    /// The status JSON with how the enqueue went (`created`, `replayed`, `replaced`, `conflict`).
    private static func line(_ status: MessageStatus, disposition: EnqueueDisposition) -> String {
        let name: String
        switch disposition {
        case .created: name = "created"
        case .replayed: name = "replayed"
        case .replaced: name = "replaced"
        case .conflict: name = "conflict"
        }
        return "{\"disposition\":\"\(name)\"," + status.json().dropFirst() + "\n"
    }
}
