import Template

/// `payment-approved`: an operator confirmed a manual payment; the mail says what it unlocked and links to it.
public struct PaymentApprovedContext: MessageContext, Hashable {
    public var customerName: String?
    public var invoiceNumber: String
    public var amount: Money
    /// The payer's reference, when the caller wants it repeated.
    public var payerReference: String?
    /// What the payment unlocked, in the caller's words ("Pro plan until 31 March 2027", "500 credits").
    public var unlocked: String
    /// Where the customer sees it (their account, the paid invoice).
    public var accountURL: WebLink

    public static let kind = MessageKind.paymentApproved
    public static let schema = Schema([
        .optional("customerName", .text), SchemaField("invoiceNumber", .text), SchemaField("amount", .money),
        .optional("payerReference", .text), SchemaField("unlocked", .text), SchemaField("accountURL", .link),
    ])
    public static let viewSchema = contextViewSchema()

    public init(reading fields: inout JSONFieldReader) throws(JSONFieldReader.Unreadable) {
        customerName = try fields.optionalText("customerName")
        invoiceNumber = try fields.text("invoiceNumber")
        amount = try fields.money("amount")
        payerReference = try fields.optionalText("payerReference")
        unlocked = try fields.text("unlocked")
        accountURL = try fields.link("accountURL")
    }

    public func semanticProblems(at path: FieldPath, environment: RenderEnvironmentValues) -> FieldProblems {
        FieldProblems()
    }

    public func templateValue(in environment: RenderEnvironmentValues) -> TemplateValue {
        contextView(in: environment, fieldCount: 6) { view, writer in
            view.set("customerName", writer.value(customerName))
            view.set("invoiceNumber", writer.value(invoiceNumber))
            view.set("amount", writer.value(amount))
            view.set("payerReference", writer.value(payerReference))
            view.set("unlocked", writer.value(unlocked))
            view.set("accountURL", writer.value(accountURL))
        }
    }
}
