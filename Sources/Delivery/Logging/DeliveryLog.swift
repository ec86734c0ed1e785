import Foundation

/// Structured log lines (one JSON object per line) for delivery events. Never given message bodies,
/// contexts or credentials: only ids, states, attempt numbers and error texts.
public struct DeliveryLog: Sendable {
    private let sink: @Sendable (String) -> Void

    /// `sink` receives each line without its newline.
    public init(sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
    }

    /// Lines to standard error, as Herald logs everything.
    public static let standardError = DeliveryLog { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Discards everything (tests that assert on files, not logs).
    public static let silent = DeliveryLog { _ in }

    public func event(_ name: String, level: String = "info", _ fields: [String: String?] = [:]) {
        var object: [String: String] = ["event": name, "level": level, "ts": RFC3339.format(Date())]
        for (key, value) in fields {
            if let value { object[key] = value }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(object) else { return }
        sink(String(decoding: data, as: UTF8.self))
    }
}
