import Template

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

    public init(reading fields: inout JSONFieldReader) throws(JSONFieldReader.Unreadable) {
        let order = try OrderFields(reading: &fields)
        (customerName, productTitle, orderURL, cardLast4) = (order.customerName, order.productTitle, order.orderURL, order.cardLast4)
        (schedule, orderTotal, installmentNumber, amount) = (order.schedule, order.orderTotal, order.installmentNumber, order.amount)
        remainingBalance = try fields.money("remainingBalance")
        nextDueDate = try fields.optionalDay("nextDueDate")
    }

    public var otherAmounts: [(field: String, money: Money)] { [("remainingBalance", remainingBalance)] }

    public static var allowedStates: Set<InstallmentState>? { [.paid] }

    /// Besides the order's checks, the balance the mail states is what the schedule still has pending.
    public func semanticProblems(at path: FieldPath, environment: RenderEnvironmentValues) -> FieldProblems {
        var problems = orderProblems(at: path)
        if let pending = pendingTotal, remainingBalance.currency == pending.currency, remainingBalance.amount != pending.amount {
            problems.append(FieldProblem(
                path: path.appending("remainingBalance"),
                problem: "is \(remainingBalance.amountText) but the pending installments of the schedule add up to \(pending.amountText) \(pending.currency.code)",
                kind: .unprocessable))
        }
        return problems
    }

    public func templateValue(in environment: RenderEnvironmentValues) -> TemplateValue {
        installmentView(in: environment, detail: .installmentPaid(remainingBalance: remainingBalance, nextDueDate: nextDueDate))
    }
}
