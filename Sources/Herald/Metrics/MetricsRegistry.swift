import HeraldLogging
import Locking

/// Prometheus metrics kept in memory and rendered in the text exposition format (0.0.4).
///
/// Counters and histograms are updated by the request path; gauges that mirror another
/// component's state (spool depth, messages by state, SMTP attempts) are read from
/// collectors at scrape time, so there is one source of truth.
public final class MetricsRegistry: Sendable {
    public typealias Labels = [(String, String)]
    /// A family's current samples, labels and value, read when `/metrics` is scraped.
    public typealias Collector = @Sendable () -> [(labels: Labels, value: Double)]

    private struct Family {
        var help: String
        var type: String
        var order: Int
    }

    private struct Histogram {
        var bucketCounts: [Int]
        var sum: Double = 0
        var count: Int = 0

        mutating func record(_ value: Double) {
            for (index, bound) in MetricsRegistry.latencyBuckets.enumerated() where value <= bound {
                bucketCounts[index] += 1
            }
            sum += value
            count += 1
        }
    }

    private struct State {
        var families: [String: Family] = [:]
        var counters: [String: [String: Double]] = [:]
        var histograms: [String: [String: Histogram]] = [:]
        var collectors: [String: Collector] = [:]
    }

    /// Latency buckets in seconds, from 1 ms to 10 s.
    public static let latencyBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private let state = Locked(State())

    public init() {}

    public func describe(_ name: String, help: String, type: String) {
        state.withLock { state in
            if state.families[name] == nil {
                state.families[name] = Family(help: help, type: type, order: state.families.count)
            }
        }
    }

    public func increment(_ name: String, _ labels: Labels = [], by amount: Double = 1) {
        let key = Self.render(labels)
        state.withLock { $0.counters[name, default: [:]][key, default: 0] += amount }
    }

    public func observe(_ name: String, _ labels: Labels = [], _ value: Double) {
        let key = Self.render(labels)
        // Updated in place: a copy taken out and stored back would copy the bucket array every time.
        state.withLock { state in
            state.histograms[name, default: [:]][key, default: Histogram(bucketCounts: Array(repeating: 0, count: Self.latencyBuckets.count))]
                .record(value)
        }
    }

    /// Registers a gauge (or counter) whose samples come from elsewhere at scrape time.
    public func collect(_ name: String, help: String, type: String = "gauge", _ collector: @escaping Collector) {
        describe(name, help: help, type: type)
        state.withLock { $0.collectors[name] = collector }
    }

    /// The text exposition of every family, in registration order.
    public func exposition() -> String {
        let snapshot = state.withLock { $0 }
        var text = ""
        for (name, family) in snapshot.families.sorted(by: { $0.value.order < $1.value.order }) {
            text += "# HELP \(name) \(family.help)\n# TYPE \(name) \(family.type)\n"
            if let collector = snapshot.collectors[name] {
                for sample in collector() {
                    text += "\(name)\(Self.render(sample.labels)) \(Self.format(sample.value))\n"
                }
            }
            for (labels, value) in (snapshot.counters[name] ?? [:]).sorted(by: { $0.key < $1.key }) {
                text += "\(name)\(labels) \(Self.format(value))\n"
            }
            for (labels, histogram) in (snapshot.histograms[name] ?? [:]).sorted(by: { $0.key < $1.key }) {
                let inner = labels.isEmpty ? "" : String(labels.dropFirst().dropLast()) + ","
                for (index, bound) in Self.latencyBuckets.enumerated() {
                    text += "\(name)_bucket{\(inner)le=\"\(Self.format(bound))\"} \(histogram.bucketCounts[index])\n"
                }
                text += "\(name)_bucket{\(inner)le=\"+Inf\"} \(histogram.count)\n"
                text += "\(name)_sum\(labels) \(Self.format(histogram.sum))\n"
                text += "\(name)_count\(labels) \(histogram.count)\n"
            }
        }
        return text
    }

    /// `{name="value",…}`: a sample's key, built on every request, as bytes in one buffer (appending
    /// to a `String` piece by piece cost more than the rest of the request's metrics).
    private static func render(_ labels: Labels) -> String {
        guard !labels.isEmpty else { return "" }
        var key: [UInt8] = [UInt8(ascii: "{")]
        key.reserveCapacity(labels.reduce(2) { $0 + $1.0.utf8.count + $1.1.utf8.count + 4 })
        for (index, (name, value)) in labels.enumerated() {
            if index > 0 { key.append(UInt8(ascii: ",")) }
            key.appendUTF8(name)
            key.append(UInt8(ascii: "="))
            key.append(UInt8(ascii: "\""))
            key.appendUTF8(escape(value))
            key.append(UInt8(ascii: "\""))
        }
        key.append(UInt8(ascii: "}"))
        return String(decoding: key, as: UTF8.self)
    }

    /// A label value as the exposition format writes it: backslash, double quote and newline escaped.
    /// Runs on every request (the labels are the key), so a value with none of them, the usual case,
    /// is returned as it is.
    private static func escape(_ value: String) -> String {
        let special: (UInt8) -> Bool = { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }
        guard value.utf8.contains(where: special) else { return value }
        var escaped = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    private static func format(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
