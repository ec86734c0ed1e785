import Template

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

    public init(reading fields: inout JSONFieldReader) throws(JSONFieldReader.Unreadable) {
        let order = try OrderFields(reading: &fields)
        (customerName, productTitle, orderURL, cardLast4) = (order.customerName, order.productTitle, order.orderURL, order.cardLast4)
        (schedule, orderTotal, installmentNumber, amount) = (order.schedule, order.orderTotal, order.installmentNumber, order.amount)
    }

    public static var allowedStates: Set<InstallmentState>? { [.paid] }

    /// Besides the order's checks, "nothing more to pay" must be true: no installment is still pending.
    public func semanticProblems(at path: FieldPath, environment: RenderEnvironmentValues) -> FieldProblems {
        var problems = orderProblems(at: path)
        for (index, row) in schedule.enumerated() where row.state == .pending {
            problems.append(FieldProblem(
                path: path.appending("schedule").appending(index: index).appending("state"),
                problem: "installment \(row.number) is still pending: all-paid is sent only when no installment remains to pay",
                kind: .unprocessable))
        }
        return problems
    }

    public func templateValue(in environment: RenderEnvironmentValues) -> TemplateValue {
        installmentView(in: environment, detail: .allPaid)
    }
}
