import Template

/// `payment-rejected`: an operator could not confirm a manual payment. The mail gives the operator's
/// reason (escaped), says the invoice is still due and links to submitting the payment again.
public struct PaymentRejectedContext: MessageContext, Hashable {
    public var customerName: String?
    public var invoiceNumber: String
    public var amount: Money
    public var payerReference: String
    /// Why the payment was not confirmed, in the operator's words: free text, one line.
    public var reason: String
    /// Where the customer submits the payment again.
    public var resubmitURL: WebLink
    /// When the invoice, still unpaid, falls due.
    public var dueDate: Day?

    public static let kind = MessageKind.paymentRejected
    public static let schema = Schema([
        .optional("customerName", .text), SchemaField("invoiceNumber", .text), SchemaField("amount", .money),
        SchemaField("payerReference", .text), SchemaField("reason", .text), SchemaField("resubmitURL", .link),
        .optional("dueDate", .day),
    ])
    public static let viewSchema = contextViewSchema()

    public init(reading fields: inout JSONFieldReader) throws(JSONFieldReader.Unreadable) {
        customerName = try fields.optionalText("customerName")
        invoiceNumber = try fields.text("invoiceNumber")
        amount = try fields.money("amount")
        payerReference = try fields.text("payerReference")
        reason = try fields.text("reason")
        resubmitURL = try fields.link("resubmitURL")
        dueDate = try fields.optionalDay("dueDate")
    }

    public func semanticProblems(at path: FieldPath, environment: RenderEnvironmentValues) -> FieldProblems {
        FieldProblems()
    }

    public func templateValue(in environment: RenderEnvironmentValues) -> TemplateValue {
        contextView(in: environment, fieldCount: 7) { view, writer in
            view.set("customerName", writer.value(customerName))
            view.set("invoiceNumber", writer.value(invoiceNumber))
            view.set("amount", writer.value(amount))
            view.set("payerReference", writer.value(payerReference))
            view.set("reason", writer.value(reason))
            view.set("resubmitURL", writer.value(resubmitURL))
            view.set("dueDate", writer.value(dueDate))
        }
    }
}
