import Template

/// `failed-debit`: an installment could not be debited; the customer should fix their payment method.
public struct FailedDebitContext: InstallmentOrderContext, Hashable {
    public var customerName: String?
    public var productTitle: String
    public var orderURL: WebLink
    public var cardLast4: String?
    public var schedule: [Installment]
    public var orderTotal: Money
    public var installmentNumber: Int
    public var amount: Money
    /// When the debit will be tried again, if it will.
    public var retryDate: Day?

    public static let kind = MessageKind.failedDebit
    public static let schema = Schema(orderFields + [.optional("retryDate", .day)])
    public static let viewSchema = installmentViewSchema(detailFields: [.optional("retryDate", .day)])

    public init(reading fields: inout JSONFieldReader) throws(JSONFieldReader.Unreadable) {
        let order = try OrderFields(reading: &fields)
        (customerName, productTitle, orderURL, cardLast4) = (order.customerName, order.productTitle, order.orderURL, order.cardLast4)
        (schedule, orderTotal, installmentNumber, amount) = (order.schedule, order.orderTotal, order.installmentNumber, order.amount)
        retryDate = try fields.optionalDay("retryDate")
    }

    public static var allowedStates: Set<InstallmentState>? { [.refused, .error] }

    public func semanticProblems(at path: FieldPath, environment: RenderEnvironmentValues) -> FieldProblems {
        orderProblems(at: path)
    }

    public func templateValue(in environment: RenderEnvironmentValues) -> TemplateValue {
        installmentView(in: environment, detail: .failedDebit(retryDate: retryDate))
    }
}
