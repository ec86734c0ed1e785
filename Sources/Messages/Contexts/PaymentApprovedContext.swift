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

    public func semanticProblems(at path: FieldPath, environment: RenderEnvironmentValues) -> FieldProblems {
        FieldProblems()
    }

    public func view(in environment: RenderEnvironmentValues) -> any Encodable & Sendable {
        ContextView(brand: environment.brand, context: self)
    }
}
