import Delivery
import Foundation

/// The typed reading of one setting's text; every error names the setting and shows the text given.
extension ConfigurationSetting {
    /// The longest duration any setting takes (ten years): enough for every real use, and far from
    /// where date or millisecond arithmetic could overflow.
    static let maximumSeconds: TimeInterval = 315_360_000

    func integer(_ text: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(self, "expected an integer in \(range.lowerBound)...\(range.upperBound), got \"\(text)\"")
        }
        return value
    }

    /// A duration in seconds, at most `maximumSeconds`; `positive` refuses 0 (for timeouts, where 0
    /// would mean "wait forever" to libcurl).
    func seconds(_ text: String, positive: Bool = false) throws(ConfigurationError) -> TimeInterval {
        guard let value = Double(text), value.isFinite, positive ? value > 0 : value >= 0, value <= Self.maximumSeconds else {
            throw ConfigurationError(
                self, "expected a number of seconds \(positive ? ">" : "≥") 0, at most \(Int(Self.maximumSeconds)), got \"\(text)\"")
        }
        return value
    }

    func onOff(_ text: String) throws(ConfigurationError) -> Bool {
        switch text.lowercased() {
        case "on", "true", "1", "yes": return true
        case "off", "false", "0", "no": return false
        default: throw ConfigurationError(self, "expected on or off, got \"\(text)\"")
        }
    }

    func absoluteURL(_ text: String) throws(ConfigurationError) -> String {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              url.host?.isEmpty == false else {
            throw ConfigurationError(self, "expected an absolute http(s) URL, got \"\(text)\"")
        }
        return text
    }

    func oneLine(_ text: String) throws(ConfigurationError) -> String {
        guard !text.contains(where: \.isNewline) else { throw ConfigurationError(self, "must be one line") }
        return text
    }

    /// The secret in the file at `path` (one line, trailing line break trimmed; see `SecretFile`).
    func secret(inFile path: String) throws(ConfigurationError) -> String {
        do {
            return try SecretFile.read(path)
        } catch {
            throw ConfigurationError(self, error.description)
        }
    }
}
