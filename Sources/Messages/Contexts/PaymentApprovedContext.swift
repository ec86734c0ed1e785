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
    public static let viewSchema = schema.adding([SchemaField("brand", .object(Brand.schema))])

    public func semanticProblems(at path: FieldPath, environment: RenderEnvironmentValues) -> FieldProblems {
        FieldProblems()
    }

    public func view(in environment: RenderEnvironmentValues) -> any Encodable & Sendable {
        PaymentApprovedView(context: self, brand: environment.brand)
    }
}

/// What payment-approved templates render; optional values are encoded as `null` for strict rendering.
struct PaymentApprovedView: Encodable, Sendable {
    let context: PaymentApprovedContext
    let brand: Brand

    private enum CodingKeys: String, CodingKey {
        case brand, customerName, invoiceNumber, amount, payerReference, unlocked, accountURL
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(brand, forKey: .brand)
        try container.encode(context.customerName, forKey: .customerName)
        try container.encode(context.invoiceNumber, forKey: .invoiceNumber)
        try container.encode(context.amount, forKey: .amount)
        try container.encode(context.payerReference, forKey: .payerReference)
        try container.encode(context.unlocked, forKey: .unlocked)
        try container.encode(context.accountURL, forKey: .accountURL)
    }
}
