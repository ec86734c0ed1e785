import Foundation

/// An index entry's file name, `<15-digit ms time>.<state>.<id>`: it sorts by time and says the state
/// without opening anything.
struct Marker: Sendable, Hashable {
    var time: Date
    var state: DeliveryState
    var id: String

    var name: String {
        let milliseconds = max(0, Int64((time.timeIntervalSince1970 * 1000).rounded(.down)))
        let digits = String(milliseconds)
        return String(repeating: "0", count: max(0, 15 - digits.count)) + digits + "." + state.rawValue + "." + id
    }

    var milliseconds: Int64 { Int64((time.timeIntervalSince1970 * 1000).rounded(.down)) }

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
