import Delivery
import Foundation
import HeraldLogging
import Messages

// herald-delivery-bench [smtp|spool|enqueue|all] [--runs N] [--messages N] [--prefill N] [--finished N] [--threads N] [--store postgres://…]
//                       [--transport smtp|outbox] [--sink HOST:PORT] (spool: --threads delivery threads, default 4)
//
// smtp:    messages/s through SMTPTransport to a local SMTP sink, one sender, connection reused vs a new
//          connection per message (libcurl FORBID_REUSE), and with 4 concurrent senders reusing connections.
// spool:   messages/s delivered by the spool's worker (claim and outcome each durable) from a store
//          that already holds --messages queued ones: to the bench's own sink, to another SMTP server
//          (--sink, e.g. Postfix's smtp-sink, to compare with smtp-source against it), or to the outbox.
// enqueue: durable enqueues/s into a fresh store (fsync'd), and status lookups/s, before and after the
//          store holds --prefill scheduled (pending) messages and --finished sent ones (1 KB each, stored
//          in batches and delivered through claim and complete, as the worker would).
//          With --store postgres://…, into that (empty) PostgreSQL database instead of fresh SQLite files.
// Every figure is the median of --runs runs (default 5); each run is printed too.

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: "--" + name), index + 1 < arguments.count, let value = Int(arguments[index + 1]) else {
        return fallback
    }
    return value
}
let mode = arguments.first.flatMap { $0.hasPrefix("--") ? nil : $0 } ?? "all"
func textOption(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: "--" + name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

/// `--store`: a PostgreSQL database the enqueue runs share (their ids differ), else fresh SQLite files.
let sharedStore = textOption("store")

/// A fresh SQLite store in the folder `path`, or the `--store` database; room for every prefilled message.
func openStore(_ path: String) throws -> any SpoolStore {
    guard let sharedStore else { return try StoreLocation.sqlite(path: path + "/herald.db").open(capacity: 100_000_000) }
    return try StoreLocation(parsing: sharedStore).open(capacity: 100_000_000)
}

/// Stops the benchmark with the error: a failed enqueue or lookup makes every figure meaningless.
func must<T>(_ body: () throws -> T) -> T {
    do { return try body() } catch { fatalError("herald-delivery-bench: \(error)") }
}
let runs = option("runs", 5)

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func report(_ label: String, _ rates: [Double], unit: String) -> Double {
    let middle = median(rates)
    let each = rates.map { String(Int($0.rounded())) }.joined(separator: ", ")
    print("\(label): median \(Int(middle.rounded())) \(unit) (runs: \(each))")
    return middle
}

/// Times `count` calls of `body` spread over `senders` threads; returns calls per second.
func rate(count: Int, senders: Int, _ body: @escaping @Sendable (Int) -> Void) -> Double {
    let group = DispatchGroup()
    let started = Date()
    for sender in 0..<senders {
        group.enter()
        Thread {
            var index = sender
            while index < count {
                body(index)
                index += senders
            }
            group.leave()
        }.start()
    }
    group.wait()
    return Double(count) / Date().timeIntervalSince(started)
}

do {
    if mode == "smtp" || mode == "all" {
        let sink = try SMTPSink()
        let count = option("messages", 2000)
        let message = BenchMessage.make(bytes: 4096)
        print("SMTP to a local sink, \(count) messages of \(message.eml.utf8.count) bytes per run")
        var medians: [String: Double] = [:]
        for (label, reuse, senders) in [("reused connection, 1 sender", true, 1), ("new connection per message, 1 sender", false, 1),
                                        ("reused connections, 4 senders", true, 4)] {
            var rates: [Double] = []
            for _ in 0..<runs {
                let transport = SMTPTransport(configuration: try SMTPConfiguration(
                    url: "smtp://127.0.0.1:\(sink.port)?starttls=opportunistic", reuseConnections: reuse, poolSize: senders))
                let before = sink.connections
                let delivered = sink.messages
                rates.append(rate(count: count, senders: senders) { _ in
                    if transport.deliver(message, attempt: DeliveryAttempt(number: 1)) != .accepted { fatalError("sink refused a message") }
                })
                guard sink.messages - delivered == count else { throw BenchError("sink counted \(sink.messages - delivered) of \(count)") }
                if reuse, sink.connections - before > senders { throw BenchError("connections were not reused") }
            }
            medians[label] = report("  \(label)", rates, unit: "msg/s")
        }
        if let reused = medians["reused connection, 1 sender"], let fresh = medians["new connection per message, 1 sender"] {
            print(String(format: "  reuse / new connection: %.2fx", reused / fresh))
        }
    }
    if mode == "spool" || mode == "all" {
        let toOutbox = textOption("transport") == "outbox"
        let ownSink = toOutbox || textOption("sink") != nil ? nil : try SMTPSink()
        let destination = textOption("sink") ?? ownSink.map { "127.0.0.1:\($0.port)" } ?? ""
        let count = option("messages", 1000)
        let message = BenchMessage.make(bytes: 4096)
        let root = NSTemporaryDirectory() + "herald-bench-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let threads = option("threads", 4)
        let target = (toOutbox ? "the outbox (\(root))" : "SMTP at \(destination) (reused connections)") + ", \(threads) delivery threads"
        print("Spool worker (SQLite store) to \(target): \(count) queued messages of \(message.eml.utf8.count) bytes per run, each claimed and completed durably")
        var rates: [Double] = []
        for run in 0..<runs {
            let transport: any Transport = toOutbox
                ? OutboxTransport(path: root + "/outbox-\(run).jsonl")
                : SMTPTransport(configuration: try SMTPConfiguration(url: "smtp://\(destination)?starttls=opportunistic", poolSize: threads))
            let spool = Spool(store: try openStore(root + "/run-\(run)"), transport: transport, options: WorkerOptions(concurrency: threads), log: .silent)
            var queued = 0
            while queued < count {
                let batch = (queued..<min(count, queued + 500)).map { index in
                    var copy = message
                    copy.id = "spool-\(index)"
                    return EnqueueRequest(message: copy, sendAt: nil, fingerprint: "f")
                }
                for result in spool.enqueue(batch) { _ = try result.get() }
                queued += batch.count
            }
            let started = Date()
            try spool.start()
            guard try spool.waitUntilIdle(timeout: 600, poll: 0.01) else { throw BenchError("the spool did not drain") }
            rates.append(Double(count) / Date().timeIntervalSince(started))
            spool.stop()
            guard try spool.counts()[.sent] == count else { throw BenchError("not every message was sent") }
        }
        _ = report("  delivered through the spool", rates, unit: "msg/s")
    }
    if mode == "enqueue" || mode == "all" {
        let count = option("messages", 2000)
        let prefill = option("prefill", 20000)
        let message = BenchMessage.make(bytes: 4096)
        let root = NSTemporaryDirectory() + "herald-bench-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let threads = option("threads", 1)
        let storeName = sharedStore.map { (try? StoreLocation(parsing: $0).description) ?? "postgres" } ?? "SQLite store in \(NSTemporaryDirectory())"
        print("\(storeName), \(count) enqueues per run (fsync'd), \(threads) thread(s)")
        var empty: [Double] = []
        var statusRates: [Double] = []
        for run in 0..<runs {
            let store = try openStore(root + "/empty-\(run)")
            empty.append(rate(count: count, senders: threads) { index in
                var copy = message
                copy.id = "bench-\(run)-\(index)"
                _ = must { try store.enqueue(copy, sendAt: nil, fingerprint: "f", now: Date()) }
            })
            statusRates.append(rate(count: count, senders: 1) { index in _ = must { try store.find(id: "bench-\(run)-\(index)") } })
        }
        _ = report(sharedStore == nil ? "  enqueue into an empty spool" : "  enqueue (each run adds to the database)", empty, unit: "enqueues/s")
        _ = report("  status by id", statusRates, unit: "lookups/s")
        let finished = option("finished", 0)
        if prefill > 0 || finished > 0 {
            let store = try openStore(root + "/full")
            let started = Date()
            _ = rate(count: prefill, senders: 4) { index in
                var copy = message
                copy.id = "fill-\(index)"
                _ = must { try store.enqueue(copy, sendAt: Date().addingTimeInterval(86400), fingerprint: "f", now: Date()) }
            }
            print("  prefilled \(prefill) scheduled messages in \(Int(Date().timeIntervalSince(started))) s")
            let finishing = Date()
            let small = BenchMessage.make(bytes: 1024)
            for start in stride(from: 0, to: finished, by: 500) {
                let batch = (start..<min(start + 500, finished)).map { index in
                    var copy = small
                    copy.id = "done-\(index)"
                    copy.to = [EmailAddress(email: "member-\(index % 5_000)@example.com")]
                    return EnqueueRequest(message: copy, sendAt: nil, fingerprint: "f")
                }
                for result in store.enqueue(batch, now: Date()) { _ = must { try result.get() } }
                let claimed = must { try store.claimDue(limit: batch.count, now: Date()) }
                for result in store.complete(claimed.map { ($0.id, $0.attempts, OutcomeUpdate.sent) }, now: Date()) { _ = must { try result.get() } }
            }
            if finished > 0 { print("  prefilled \(finished) sent messages in \(Int(Date().timeIntervalSince(finishing))) s") }
            var full: [Double] = []
            var fullStatus: [Double] = []
            for run in 0..<runs {
                full.append(rate(count: count, senders: threads) { index in
                    var copy = message
                    copy.id = "more-\(run)-\(index)"
                    _ = must { try store.enqueue(copy, sendAt: nil, fingerprint: "f", now: Date()) }
                })
                fullStatus.append(rate(count: count, senders: 1) { index in
                    _ = must { try store.find(id: prefill > 0 ? "fill-\(index * 7 % prefill)" : "done-\(index * 7 % finished)") }
                })
            }
            let held = "\(prefill) pending and \(finished) sent messages"
            _ = report("  enqueue with \(held) in the spool", full, unit: "enqueues/s")
            _ = report("  status by id with \(held) in the spool", fullStatus, unit: "lookups/s")
        }
    }
} catch {
    FileHandle.standardError.write(Data("herald-delivery-bench: \(error)\n".utf8))
    exit(1)
}
