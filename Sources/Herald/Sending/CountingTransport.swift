import Delivery
import Messages

/// Wraps the configured transport to count delivery attempts by outcome for `/metrics`
/// (`herald_delivery_attempts_total{transport="smtp",outcome="transient"}`).
struct CountingTransport: Transport {
    let base: any Transport
    let name: String
    let metrics: MetricsRegistry

    static let metricName = "herald_delivery_attempts_total"

    func deliver(_ message: ComposedMessage, attempt: DeliveryAttempt) -> DeliveryOutcome {
        count(base.deliver(message, attempt: attempt))
    }

    var deliversInBatches: Bool { base.deliversInBatches }

    func deliver(batch: [(message: ComposedMessage, attempt: DeliveryAttempt)]) -> [DeliveryOutcome] {
        base.deliver(batch: batch).map(count)
    }

    private func count(_ outcome: DeliveryOutcome) -> DeliveryOutcome {
        let label = switch outcome {
        case .accepted: "accepted"
        case .transient: "transient"
        case .permanent: "permanent"
        case .unknown: "unknown"
        }
        metrics.increment(Self.metricName, [("transport", name), ("outcome", label)])
        return outcome
    }

    func priorDelivery(of message: ComposedMessage) -> PriorDelivery {
        base.priorDelivery(of: message)
    }
}
