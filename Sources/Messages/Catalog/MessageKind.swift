import Foundation

/// The messages Herald sends, named as callers name them.
public enum MessageKind: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case installmentPaid = "installment-paid"
    case allPaid = "all-paid"
    case failedDebit = "failed-debit"
    case upcomingDebit = "upcoming-debit"
    case checkIn = "check-in"
    case paymentSubmitted = "payment-submitted"
    case paymentApproved = "payment-approved"
    case paymentRejected = "payment-rejected"

    public var description: String { rawValue }

    /// The typed context this kind renders from.
    public var contextType: any MessageContext.Type {
        switch self {
        case .installmentPaid: InstallmentPaidContext.self
        case .allPaid: AllPaidContext.self
        case .failedDebit: FailedDebitContext.self
        case .upcomingDebit: UpcomingDebitContext.self
        case .checkIn: CheckInContext.self
        case .paymentSubmitted: PaymentSubmittedContext.self
        case .paymentApproved: PaymentApprovedContext.self
        case .paymentRejected: PaymentRejectedContext.self
        }
    }

    /// The caller-facing schema (`GET /v1/templates`).
    public var schema: Schema { contextType.schema }

    /// Decodes a JSON context, reporting every problem with its path (`context.schedule[2].amount.currency: …`).
    ///
    /// The context is read once, straight into its typed struct (`JSONFieldReader`); one the reader
    /// refuses is checked against `schema`, which words every problem. Only a context whose shape is
    /// right is checked for meaning (currencies, dates against the send day).
    public func decodeContext(
        _ json: JSONValue, at path: FieldPath = FieldPath("context"), environment: RenderEnvironmentValues
    ) throws(FieldProblems) -> any MessageContext {
        try Self.decode(contextType, json, path, environment)
    }

    private static func decode<Context: MessageContext>(
        _ type: Context.Type, _ json: JSONValue, _ path: FieldPath, _ environment: RenderEnvironmentValues
    ) throws(FieldProblems) -> Context {
        let context: Context
        do {
            context = try JSONFieldReader.read(json) { fields throws(JSONFieldReader.Unreadable) in try Context(reading: &fields) }
        } catch {
            let shapeProblems = SchemaValidator.validate(json, against: Context.schema, at: path)
            guard shapeProblems.isEmpty else { throw shapeProblems }
            // The schema and the reader disagree: a bug of ours, still reported as a field problem, never a crash.
            throw FieldProblems([FieldProblem(path: path, problem: "could not be decoded: the schema accepts it but \(Context.self) cannot read it")])
        }
        let semantic = context.semanticProblems(at: path, environment: environment)
        guard semantic.isEmpty else { throw semantic }
        return context
    }
}
