/// `all-paid`: the last installment was debited; the order is fully paid.
public struct AllPaidContext: InstallmentOrderContext, Hashable {
    public var customerName: String?
    public var productTitle: String
    public var orderURL: WebLink
    public var cardLast4: String?
    public var schedule: [Installment]
    public var orderTotal: Money
    public var installmentNumber: Int
    /// The last installment's amount.
    public var amount: Money

    public static let kind = MessageKind.allPaid
    public static let schema = Schema(orderFields)
    public static let viewSchema = installmentViewSchema(detailFields: [])

    public func semanticProblems(at path: FieldPath, environment: RenderEnvironmentValues) -> FieldProblems {
        orderProblems(at: path)
    }

    public func view(in environment: RenderEnvironmentValues) -> any Encodable & Sendable {
        installmentView(in: environment, detail: .allPaid)
    }
}
