import Testing
@testable import Delivery

/// The classification rules on libcurl's results, one by one (the fault tests show them against servers).
@Suite("SMTP outcome classification")
struct SMTPOutcomeTests {
    func outcome(code: Int, reply: Int, bodySent: Bool) -> DeliveryOutcome {
        SMTPOutcome.classify(CurlSendResult(code: code, reply: reply, bodySent: bodySent, summary: "summary", detail: ""))
    }

    func kind(_ outcome: DeliveryOutcome) -> String {
        switch outcome {
        case .accepted: "accepted"
        case .transient: "transient"
        case .permanent: "permanent"
        case .unknown: "unknown"
        }
    }

    @Test("after the whole body: a drop or a timeout is unknown, a failed write transient, a reply decides")
    func afterTheBody() {
        #expect(kind(outcome(code: 56, reply: 354, bodySent: true)) == "unknown")  // connection lost after the dot
        #expect(kind(outcome(code: 28, reply: 354, bodySent: true)) == "unknown")  // reply timed out
        #expect(kind(outcome(code: 52, reply: 354, bodySent: true)) == "unknown")  // got nothing
        #expect(kind(outcome(code: 55, reply: 354, bodySent: true)) == "transient")  // the final dot never left
        #expect(kind(outcome(code: 8, reply: 451, bodySent: true)) == "transient")
        #expect(kind(outcome(code: 8, reply: 554, bodySent: true)) == "permanent")
        #expect(kind(outcome(code: 0, reply: 250, bodySent: true)) == "accepted")
    }

    @Test("before the whole body was handed over: never unknown")
    func beforeTheBody() {
        for code in [7, 28, 52, 55, 56] { #expect(kind(outcome(code: code, reply: 354, bodySent: false)) == "transient", "curl \(code)") }
        #expect(kind(outcome(code: 55, reply: 452, bodySent: false)) == "transient")
        #expect(kind(outcome(code: 64, reply: 0, bodySent: false)) == "permanent")
    }
}
