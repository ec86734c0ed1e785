/// `installment-paid`: an installment was debited and more remain.
public struct InstallmentPaidContext: InstallmentOrderContext, Hashable {
    public var customerName: String?
    public var productTitle: String
    public var orderURL: WebLink
    public var cardLast4: String?
    public var schedule: [Installment]
    public var orderTotal: Money
    public var installmentNumber: Int
    public var amount: Money
    public var remainingBalance: Money
    public var nextDueDate: Day?

    public static let kind = MessageKind.installmentPaid
    public static let schema = Schema(orderFields + [
        SchemaField("remainingBalance", .money), .optional("nextDueDate", .day),
    ])
    public static let viewSchema = installmentViewSchema(detailFields: [
        SchemaField("remainingBalance", .money), .optional("nextDueDate", .day),
    ])

    public var otherAmounts: [(field: String, money: Money)] { [("remainingBalance", remainingBalance)] }

    public func semanticProblems(at path: FieldPath, environment: RenderEnvironmentValues) -> FieldProblems {
        orderProblems(at: path)
    }

    public func view(in environment: RenderEnvironmentValues) -> any Encodable & Sendable {
        installmentView(in: environment, detail: .installmentPaid(remainingBalance: remainingBalance, nextDueDate: nextDueDate))
    }
}
