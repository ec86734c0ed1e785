import Template

/// `upcoming-debit`: an installment will be debited soon; "tomorrow" / "in 3 days" is computed from
/// `debitDate` and the send day, never taken from a configured constant, and said once.
public struct UpcomingDebitContext: InstallmentOrderContext, Hashable {
    public var customerName: String?
    public var productTitle: String
    public var orderURL: WebLink
    public var cardLast4: String?
    public var schedule: [Installment]
    public var orderTotal: Money
    public var installmentNumber: Int
    public var amount: Money
    public var debitDate: Day

    public static let kind = MessageKind.upcomingDebit
    public static let schema = Schema(orderFields + [SchemaField("debitDate", .day)])
    public static let viewSchema = installmentViewSchema(detailFields: [
        SchemaField("debitDate", .day), SchemaField("debitWhen", .computedText),
    ])

    public init(reading fields: inout JSONFieldReader) throws(JSONFieldReader.Unreadable) {
        let order = try OrderFields(reading: &fields)
        (customerName, productTitle, orderURL, cardLast4) = (order.customerName, order.productTitle, order.orderURL, order.cardLast4)
        (schedule, orderTotal, installmentNumber, amount) = (order.schedule, order.orderTotal, order.installmentNumber, order.amount)
        debitDate = try fields.day("debitDate")
    }

    /// A reminder for a debit that is already past is a caller bug (422).
    public func semanticProblems(at path: FieldPath, environment: RenderEnvironmentValues) -> FieldProblems {
        var problems = orderProblems(at: path)
        if debitDate < environment.sendDay {
            problems.append(FieldProblem(path: path.appending("debitDate"),
                                         problem: "is before the send day \(environment.sendDay)", kind: .unprocessable))
        }
        return problems
    }

    public func templateValue(in environment: RenderEnvironmentValues) -> TemplateValue {
        let days = max(environment.sendDay.days(until: debitDate), 0)
        return installmentView(in: environment, detail: .upcomingDebit(
            debitDate: debitDate, debitWhen: environment.phrases.when(inDays: days)))
    }
}
