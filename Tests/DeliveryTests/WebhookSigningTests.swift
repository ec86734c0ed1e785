import Foundation
import Testing
@testable import Delivery

/// HMAC-SHA256 through libcrypto against RFC 4231's test vectors, and the Standard Webhooks signature
/// built on it against the specification's example.
@Suite struct WebhookSigningTests {
    private static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// RFC 4231 §4.2–4.8: key, data, HMAC-SHA-256 (test case 5 is truncated to 128 bits there).
    static let vectors: [(key: [UInt8], data: [UInt8], mac: String)] = [
        ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (Array(1...25), [UInt8](repeating: 0xcd, count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        ([UInt8](repeating: 0x0c, count: 20), Array("Test With Truncation".utf8),
         "a3b6167473100ee06e0c796c2955552b"),
        ([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ([UInt8](repeating: 0xaa, count: 131),
         Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test("HMAC-SHA256 gives RFC 4231's results", arguments: 0..<7)
    func rfc4231(index: Int) throws {
        let vector = Self.vectors[index]
        let mac = try #require(HMACSHA256.mac(key: vector.key, message: vector.data))
        #expect(mac.count == 32)
        #expect(Self.hex(mac).hasPrefix(vector.mac) && (vector.mac.count == 32 || Self.hex(mac) == vector.mac))
    }

    @Test func theSignatureIsTheStandardWebhooksExample() throws {
        let secret = try WebhookSecret(parsing: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let signature = secret.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: "{\"test\": 2432232314}")
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect("\(secret)" == "whsec_***", "the key is never shown")
    }

    @Test func aSecretMustBeWhsecBase64OfAtLeast24Bytes() {
        #expect(throws: WebhookSecret.Problem.missingPrefix) { try WebhookSecret(parsing: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") }
        #expect(throws: WebhookSecret.Problem.notBase64) { try WebhookSecret(parsing: "whsec_not base64!") }
        #expect(throws: WebhookSecret.Problem.tooShort(bytes: 3)) { try WebhookSecret(parsing: "whsec_YWJj") }
    }

    @Test func retriesFollowTheScheduleThenTheLastDelayUntilTheMaximumAge() {
        let schedule = WebhookRetrySchedule()
        let event = Date(timeIntervalSince1970: 1_800_000_000)
        let delays = (1...7).map { attempt in schedule.nextAttempt(after: attempt, eventTime: event, now: event)?.timeIntervalSince(event) }
        #expect(delays == [5, 30, 120, 600, 3600, 3600, 3600])
        #expect(schedule.nextAttempt(after: 30, eventTime: event, now: event.addingTimeInterval(82_800)) == event.addingTimeInterval(86_400))
        #expect(schedule.nextAttempt(after: 30, eventTime: event, now: event.addingTimeInterval(82_801)) == nil, "given up 24 h after the event")
    }
}
