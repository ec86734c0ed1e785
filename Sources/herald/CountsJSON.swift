import Delivery

/// Message counts per state as one JSON object, e.g. `{"queued":0,"sent":12,…}`.
enum CountsJSON {
    static func line(_ counts: [DeliveryState: Int]) -> String {
        "{" + DeliveryState.allCases.map { "\"\($0.rawValue)\":\(counts[$0, default: 0])" }.joined(separator: ",") + "}"
    }
}
