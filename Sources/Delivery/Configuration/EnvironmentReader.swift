import Foundation

/// Typed reads of environment variables; an empty value counts as unset.
struct EnvironmentReader {
    let environment: [String: String]

    init(_ environment: [String: String]) {
        self.environment = environment
    }

    func string(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// The secret in the file the variable names (nil when unset).
    func secretFile(_ name: String) throws(DeliveryConfigurationError) -> String? {
        guard let path = string(name) else { return nil }
        do {
            return try SecretFile.read(path)
        } catch {
            throw .secretFile(name, error)
        }
    }

    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(DeliveryConfigurationError) -> Int {
        guard let text = string(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw .invalid(name, value: text, expected: "an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    func positiveInteger(_ name: String, default fallback: Int) throws(DeliveryConfigurationError) -> Int {
        guard let text = string(name) else { return fallback }
        guard let value = Int(text), value > 0 else { throw .invalid(name, value: text, expected: "a positive integer") }
        return value
    }

    /// The longest duration any setting takes (ten years): enough for every real use, and far from
    /// where date or millisecond arithmetic could overflow.
    static let maximumSeconds: TimeInterval = 315_360_000

    /// A duration in seconds, at most `maximumSeconds`; `positive` refuses 0 (for timeouts, where 0
    /// would mean "wait forever" to libcurl).
    func seconds(_ name: String, default fallback: TimeInterval, positive: Bool = false) throws(DeliveryConfigurationError) -> TimeInterval {
        guard let text = string(name) else { return fallback }
        guard let value = Double(text), value.isFinite, positive ? value > 0 : value >= 0, value <= Self.maximumSeconds else {
            throw .invalid(name, value: text, expected: "a number of seconds \(positive ? ">" : "≥") 0, at most \(Int(Self.maximumSeconds))")
        }
        return value
    }
}
