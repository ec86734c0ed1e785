import Template

/// `payment-submitted`: a customer told us they paid by hand (bank transfer, cheque…); we say what we
/// received and when an operator will check it. Every text is the caller's, shown escaped.
public struct PaymentSubmittedContext: MessageContext, Hashable {
    public var customerName: String?
    public var invoiceNumber: String
    public var amount: Money
    /// How the customer paid, in the caller's words for the message's locale ("Bank transfer", "Virement").
    public var method: String
    /// The reference the payer gave with the payment.
    public var payerReference: String
    /// Payment details to show again (IBAN-like account, what to write on a cheque): free text, one line.
    public var instructions: String?
    /// The day by which an operator will have checked the payment.
    public var reviewBy: Day

    public static let kind = MessageKind.paymentSubmitted
    public static let schema = Schema([
        .optional("customerName", .text), SchemaField("invoiceNumber", .text), SchemaField("amount", .money),
        SchemaField("method", .text), SchemaField("payerReference", .text), .optional("instructions", .text),
        SchemaField("reviewBy", .day),
    ])
    public static let viewSchema = contextViewSchema()

    public init(reading fields: inout JSONFieldReader) throws(JSONFieldReader.Unreadable) {
        customerName = try fields.optionalText("customerName")
        invoiceNumber = try fields.text("invoiceNumber")
        amount = try fields.money("amount")
        method = try fields.text("method")
        payerReference = try fields.text("payerReference")
        instructions = try fields.optionalText("instructions")
        reviewBy = try fields.day("reviewBy")
    }

    /// Promising a review on a day already past is a caller bug (422).
    public func semanticProblems(at path: FieldPath, environment: RenderEnvironmentValues) -> FieldProblems {
        guard reviewBy < environment.sendDay else { return FieldProblems() }
        return FieldProblems([FieldProblem(path: path.appending("reviewBy"),
                                           problem: "is before the send day \(environment.sendDay)", kind: .unprocessable)])
    }

    public func templateValue(in environment: RenderEnvironmentValues) -> TemplateValue {
        contextView(in: environment, fieldCount: 7) { view, writer in
            view.set("customerName", writer.value(customerName))
            view.set("invoiceNumber", writer.value(invoiceNumber))
            view.set("amount", writer.value(amount))
            view.set("method", writer.value(method))
            view.set("payerReference", writer.value(payerReference))
            view.set("instructions", writer.value(instructions))
            view.set("reviewBy", writer.value(reviewBy))
        }
    }
}
