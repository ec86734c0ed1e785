import Foundation

/// An index entry's file name, `<15-digit ms time>.<state>.<id>`: it sorts by time and says the state
/// without opening anything.
struct Marker: Sendable, Hashable {
    var time: Date
    var state: DeliveryState
    var id: String

    /// The largest time the 15 digits hold (about year 33658); later times are written as this one.
    static let maximumMilliseconds: Int64 = 999_999_999_999_999

    var name: String {
        let digits = String(milliseconds)
        return String(repeating: "0", count: max(0, 15 - digits.count)) + digits + "." + state.rawValue + "." + id
    }

    /// The time in whole milliseconds, clamped to what the name holds: a far date (or NaN) can neither
    /// trap in the conversion nor make a name that does not parse back.
    var milliseconds: Int64 {
        let value = (time.timeIntervalSince1970 * 1000).rounded(.down)
        guard value > 0 else { return 0 }
        return value < Double(Self.maximumMilliseconds) ? Int64(value) : Self.maximumMilliseconds
    }

    /// Parses a marker name; nil for anything else (temporary files, strays).
    init?(name: String) {
        let parts = name.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 15, let milliseconds = Int64(parts[0]),
              let state = DeliveryState(rawValue: String(parts[1])), SpoolLayout.isValidID(String(parts[2]))
        else { return nil }
        self.time = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        self.state = state
        self.id = String(parts[2])
    }

    init(time: Date, state: DeliveryState, id: String) {
        self.time = time
        self.state = state
        self.id = id
    }
}
