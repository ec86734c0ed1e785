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
    public static let viewSchema = schema.adding([SchemaField("brand", .object(Brand.schema))])

    public func semanticProblems(at path: FieldPath, environment: RenderEnvironmentValues) -> FieldProblems {
        FieldProblems()
    }

    public func view(in environment: RenderEnvironmentValues) -> any Encodable & Sendable {
        PaymentRejectedView(context: self, brand: environment.brand)
    }
}

/// What payment-rejected templates render; optional values are encoded as `null` for strict rendering.
struct PaymentRejectedView: Encodable, Sendable {
    let context: PaymentRejectedContext
    let brand: Brand

    private enum CodingKeys: String, CodingKey {
        case brand, customerName, invoiceNumber, amount, payerReference, reason, resubmitURL, dueDate
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(brand, forKey: .brand)
        try container.encode(context.customerName, forKey: .customerName)
        try container.encode(context.invoiceNumber, forKey: .invoiceNumber)
        try container.encode(context.amount, forKey: .amount)
        try container.encode(context.payerReference, forKey: .payerReference)
        try container.encode(context.reason, forKey: .reason)
        try container.encode(context.resubmitURL, forKey: .resubmitURL)
        try container.encode(context.dueDate, forKey: .dueDate)
    }
}
