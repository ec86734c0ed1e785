/// Called after every delivery attempt with its outcome, on the worker thread that made it; must be quick.
public typealias AttemptObserver = @Sendable (DeliveryOutcome) -> Void
