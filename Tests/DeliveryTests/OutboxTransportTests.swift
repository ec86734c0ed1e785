import Foundation
import Locking
import Messages
import Testing
@testable import Delivery

@Suite("Outbox transport")
struct OutboxTransportTests {
    @Test("appends one §5 JSON line per message, with key null when absent")
    func appendsLines() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let path = directory + "/nested/outbox.jsonl"
        let transport = OutboxTransport(path: path)
        let first = Fixtures.message(id: "a1")
        let second = Fixtures.message(id: "a2", key: "order-42/paid")
        #expect(transport.deliver(first, attempt: DeliveryAttempt(number: 1)) == .accepted)
        #expect(transport.deliver(second, attempt: DeliveryAttempt(number: 1)) == .accepted)

        let raw = try String(contentsOfFile: path, encoding: .utf8)
        let lines = raw.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(raw.hasSuffix("\n"))
        let object = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["key"] is NSNull)
        for field in ["id", "message", "locale", "from", "to", "subject", "text", "html", "headers", "deliveredAt", "eml"] {
            #expect(object[field] != nil, "missing \(field)")
        }
        let records = try OutboxReader(path: path).records()
        #expect(records.map(\.composed.id) == ["a1", "a2"])
        #expect(records[1].composed.key == "order-42/paid")
        #expect(records[0].composed.eml == first.eml)
        #expect(RFC3339.parse(records[0].deliveredAt) != nil)
    }

    @Test("a torn last line is ignored by readers and cut off by the next writer")
    func tornLine() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let path = directory + "/outbox.jsonl"
        let transport = OutboxTransport(path: path)
        #expect(transport.deliver(Fixtures.message(id: "whole"), attempt: DeliveryAttempt(number: 1)) == .accepted)
        let torn = try OutboxRecord(Fixtures.message(id: "torn"), deliveredAt: Date()).jsonLine().prefix(80)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(torn)
        handle.closeFile()

        #expect(try OutboxReader(path: path).records().map(\.composed.id) == ["whole"])
        #expect(transport.deliver(Fixtures.message(id: "after"), attempt: DeliveryAttempt(number: 1)) == .accepted)
        #expect(try OutboxReader(path: path).records().map(\.composed.id) == ["whole", "after"])
    }

    @Test("a corrupt complete line is an error naming the line, not a silent skip")
    func corruptLine() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let path = directory + "/outbox.jsonl"
        try Data("{\"id\":\"x\"}\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: OutboxError.self) { try OutboxReader(path: path).records() }
        do {
            _ = try OutboxReader(path: path).records()
        } catch {
            #expect(error.description.hasPrefix(path + ":1:"))
        }
    }

    @Test("a retry that may have been delivered is not written twice")
    func deduplicatesRetry() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let path = directory + "/outbox.jsonl"
        let transport = OutboxTransport(path: path)
        let message = Fixtures.message(id: "once", key: "k")
        #expect(transport.priorDelivery(of: message) == .notDelivered)
        #expect(transport.deliver(message, attempt: DeliveryAttempt(number: 1)) == .accepted)
        #expect(transport.priorDelivery(of: message) == .delivered)
        #expect(transport.deliver(message, attempt: DeliveryAttempt(number: 2, mayHaveBeenDelivered: true)) == .accepted)
        #expect(try OutboxReader(path: path).records().count == 1)
    }

    @Test("records the context as a JSON object and reads it back")
    func context() throws {
        let record = OutboxRecord(Fixtures.message(id: "c"), deliveredAt: Date(), context: "{\n \"amount\": {\"amount\":\"200.00\",\"currency\":\"EUR\"}, \"n\": 3\n}")
        let line = try record.jsonLine()
        #expect(line.filter { $0 == UInt8(ascii: "\n") }.count == 1)
        let object = try #require(JSONSerialization.jsonObject(with: line) as? [String: Any])
        #expect(object["context"] is [String: Any])
        let parsed = try OutboxReader.parse(line, path: "test")
        let context = try #require(parsed.first?.composed.context)
        #expect(context.contains("\"currency\":\"EUR\""))
    }

    @Test("the context reads back as the text it was composed with: compact, keys sorted, numbers as written")
    func contextReadsBackInItsComposedForm() throws {
        let members = (0..<64).map { "\"k\(String($0, radix: 16))\": \($0).50" }.shuffled()
        let sent = "{" + members.joined(separator: ", ") + ", \"big\": 12345678901234567890.125, \"nested\": {\"z\": [1, 2.0, \"\u{e9}\"], \"a\": null}}"
        let composed = try JSONValue(parsing: Array(sent.utf8)).compactText
        let message = Fixtures.message(id: "ctx")
        let line = try OutboxRecord(message, deliveredAt: Date(), context: composed).jsonLine()
        let records = try OutboxReader.parse(line + line, path: "test")
        #expect(records.map(\.composed.context) == [composed, composed])
        #expect(composed.contains(#""big":12345678901234567890.125"#))
        #expect(composed.hasPrefix(#"{"big":"#) && composed.contains(#""k0":0.5,"k1":1.5,"k10":16.5"#))
    }

    @Test("a line is the object JSONEncoder makes of the record, context spliced in, for hostile strings, optionals and attachments")
    func lineIsTheEncodersObject() throws {
        let hostile = ["", "plain", "quote \" and \\ backslash", "line\nbreak\r\ttab\u{8}\u{C}", "\u{0}\u{1F}\u{7F}", "slash / and <tag>",
                       "Zoë 🎉 \u{2028}\u{2029}", String(repeating: "<a href=\"x\">long</a> ", count: 1_000)]
        for (index, text) in hostile.enumerated() {
            var message = Fixtures.message(id: "h\(index)", key: index.isMultiple(of: 2) ? nil : text, subject: text, body: text)
            message.to.append(EmailAddress(email: "b@example.com", name: index.isMultiple(of: 3) ? nil : text))
            message.headers[text.isEmpty ? "X-Empty" : "X-\(index)"] = text
            if index.isMultiple(of: 2) { message.attachments = [AttachmentSummary(filename: text, contentType: "text/csv", size: index, sha256: "ab")] }
            // Pretty-printed, so the line's compact form is checked too.
            let context = index.isMultiple(of: 3) ? nil : String(decoding: try JSONSerialization.data(
                withJSONObject: ["n": index, "t": text, "list": [1.5, NSNull(), true]] as [String: Any], options: [.prettyPrinted]), as: UTF8.self)
            let record = OutboxRecord(message, deliveredAt: Date(timeIntervalSince1970: 1_795_000_000.123), context: context)
            let line = try record.jsonLine()
            #expect(line.last == UInt8(ascii: "\n"))
            #expect(line.dropLast().contains(UInt8(ascii: "\n")) == false)
            let object = try #require(JSONSerialization.jsonObject(with: line) as? NSDictionary)
            let expected = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(record)) as? [String: Any])
            var withContext = expected
            if let context { withContext["context"] = try JSONSerialization.jsonObject(with: Data(context.utf8)) }
            #expect(object == NSDictionary(dictionary: withContext), "\(index)")
            #expect(try OutboxReader.parse(line, path: "test").first?.composed.context == context.map { try JSONValue(parsing: Array($0.utf8)).compactText })
            #expect(try OutboxReader.parse(line, path: "test").first?.composed.html == message.html)
        }
    }

    @Test("a context that is not a JSON object is refused with the message's id, not written")
    func contextThatIsNotAnObject() throws {
        for context in ["[1, 2]", "{\"a\": ", "\"text\"", "{\"a\": 1, \"a\": 2}"] {
            let record = OutboxRecord(Fixtures.message(id: "bad"), deliveredAt: Date(), context: context)
            #expect(throws: OutboxError.self) { try record.jsonLine() }
            do { _ = try record.jsonLine() } catch { #expect(error.description.contains("message bad"), "\(error)") }
        }
    }

    @Test("deliveries from many threads at once share fsyncs yet each line is whole, once; a retry of a line already written adds none")
    func concurrentDeliveriesShareOneAppend() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let path = directory + "/outbox.jsonl"
        let transport = OutboxTransport(path: path)
        let big = String(repeating: "x", count: 8_000)
        #expect(transport.deliver(Fixtures.message(id: "first", body: big), attempt: DeliveryAttempt(number: 1)) == .accepted)
        let threads = 16, perThread = 20
        let outcomes = Locked<[DeliveryOutcome]>([])
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in 0..<perThread {
                let message = Fixtures.message(id: "t\(thread)-\(index)", body: big)
                // Every thread also retries "first", which may have been delivered: it must stay one line.
                let retry = index == 0 ? Fixtures.message(id: "first", body: big) : message
                let outcome = transport.deliver(retry, attempt: DeliveryAttempt(number: 2, mayHaveBeenDelivered: index == 0))
                let second = index == 0 ? transport.deliver(message, attempt: DeliveryAttempt(number: 1)) : outcome
                outcomes.withLock { $0.append(contentsOf: index == 0 ? [outcome, second] : [outcome]) }
            }
        }
        #expect(outcomes.withLock { $0 }.allSatisfy { $0 == .accepted })
        let records = try OutboxReader(path: path).records()
        #expect(records.count == 1 + threads * perThread)
        #expect(Set(records.map(\.composed.id)).count == records.count)
        #expect(records.allSatisfy { $0.composed.text.contains(big) })
    }
}
