import Foundation
import Messages
import Locking
@testable import Delivery

/// A transport double: answers each delivery with the next scripted outcome (then `accepted`) and
/// records what it was given.
final class ScriptedTransport: Transport {
    private let state: Locked<(script: [DeliveryOutcome], delivered: [(id: String, attempt: DeliveryAttempt)])>
    let prior: PriorDelivery

    init(_ script: [DeliveryOutcome] = [], prior: PriorDelivery = .cannotTell) {
        self.state = Locked((script, []))
        self.prior = prior
    }

    func deliver(_ message: ComposedMessage, attempt: DeliveryAttempt) -> DeliveryOutcome {
        state.withLock { state in
            state.delivered.append((message.id, attempt))
            return state.script.isEmpty ? .accepted : state.script.removeFirst()
        }
    }

    func priorDelivery(of message: ComposedMessage) -> PriorDelivery { prior }

    var deliveries: [(id: String, attempt: DeliveryAttempt)] { state.withLock { $0.delivered } }
}
