import Template

/// What the four installment messages share (README "The catalog"): the order, its schedule and the installment
/// the message is about. The shared checks and the shared part of the view live here, once.
public protocol InstallmentOrderContext: MessageContext {
    var customerName: String? { get }
    var productTitle: String { get }
    var orderURL: WebLink { get }
    var cardLast4: String? { get }
    var schedule: [Installment] { get }
    var orderTotal: Money { get }
    var installmentNumber: Int { get }
    var amount: Money { get }
    /// Kind-specific amounts that must share the order's currency, with their field names.
    var otherAmounts: [(field: String, money: Money)] { get }
    /// The installment states this kind may be sent for (`installment-paid` only for a paid one); nil accepts any.
    static var allowedStates: Set<InstallmentState>? { get }
}

extension InstallmentOrderContext {
    public var otherAmounts: [(field: String, money: Money)] { [] }

    /// The installment number is shown as its ordinal ("2nd", "2e") and as the highlighted row.
    public static var fieldsShownThrough: [String: [String]] { ["installmentNumber": ["installmentOrdinal", "isTarget"]] }

    /// The fields every installment message has; each kind adds its own.
    static var orderFields: [SchemaField] {
        [
            .optional("customerName", .text),
            SchemaField("productTitle", .text),
            SchemaField("orderURL", .link),
            .optional("cardLast4", .cardDigits),
            SchemaField("schedule", .list(Schema([
                SchemaField("number", .positiveInteger), SchemaField("dueDate", .day),
                SchemaField("amount", .money), SchemaField("state", .installmentState),
            ]))),
            SchemaField("orderTotal", .money),
            SchemaField("installmentNumber", .positiveInteger),
            SchemaField("amount", .money),
        ]
    }

    /// The shared view fields; `detailFields` are the kind's own (computed or from the context).
    static func installmentViewSchema(detailFields: [SchemaField]) -> Schema {
        Schema(orderFields).adding([
            SchemaField("brand", .object(Brand.schema)),
            SchemaField("schedule", .list(ScheduleRowView.schema)),
            SchemaField("installmentOrdinal", .computedText),
            SchemaField("amountPlural", .object(PluralFlags.schema)),
        ] + detailFields)
    }

    /// One currency per message (a mix is a 422); the installment must be a row of the schedule;
    /// schedule numbers are unique; then the payment invariants (`invariantProblems`).
    public func orderProblems(at path: FieldPath) -> FieldProblems {
        var problems = FieldProblems()
        let currency = orderTotal.currency
        // Paths are written out only for a problem: building one per schedule row was most of these checks.
        func checkCurrency(_ money: Money, _ moneyPath: @autoclosure () -> FieldPath) {
            guard money.currency != currency else { return }
            problems.append(FieldProblem(
                path: moneyPath().appending("currency"),
                problem: "currency \(money.currency.code) differs from the order's currency \(currency.code) (orderTotal): one message uses one currency",
                kind: .unprocessable))
        }
        var seenNumbers: Set<Int> = []
        for (index, row) in schedule.enumerated() {
            func rowPath() -> FieldPath { path.appending("schedule").appending(index: index) }
            checkCurrency(row.amount, rowPath().appending("amount"))
            if !seenNumbers.insert(row.number).inserted {
                problems.append(FieldProblem(path: rowPath().appending("number"),
                                             problem: "installment \(row.number) appears more than once", kind: .unprocessable))
            }
        }
        checkCurrency(amount, path.appending("amount"))
        for (field, money) in otherAmounts { checkCurrency(money, path.appending(field)) }
        if !seenNumbers.contains(installmentNumber) {
            problems.append(FieldProblem(path: path.appending("installmentNumber"),
                                         problem: "installment \(installmentNumber) is not in the schedule", kind: .unprocessable))
        }
        problems.append(contentsOf: invariantProblems(at: path))
        return problems
    }

    func installmentView(in environment: RenderEnvironmentValues, detail: InstallmentMessageView.Detail) -> TemplateValue {
        let phrases = environment.phrases
        let rows = schedule.map { row in ScheduleRowView(row, phrases: phrases, isTarget: row.number == installmentNumber) }
        return InstallmentMessageView(
            brand: environment.brand, customerName: customerName, productTitle: productTitle, orderURL: orderURL,
            cardLast4: cardLast4, schedule: rows, orderTotal: orderTotal, installmentNumber: installmentNumber,
            installmentOrdinal: phrases.ordinal(installmentNumber), amount: amount,
            amountPlural: phrases.plural(of: amount), detail: detail
        ).templateValue(ViewWriter(environment: environment))
    }
}

/// The fields every installment message has (`orderFields`), read once for the four kinds' readers.
struct OrderFields {
    let customerName: String?
    let productTitle: String
    let orderURL: WebLink
    let cardLast4: String?
    let schedule: [Installment]
    let orderTotal: Money
    let installmentNumber: Int
    let amount: Money

    init(reading fields: inout JSONFieldReader) throws(JSONFieldReader.Unreadable) {
        customerName = try fields.optionalText("customerName")
        productTitle = try fields.text("productTitle")
        orderURL = try fields.link("orderURL")
        cardLast4 = try fields.optionalCardDigits("cardLast4")
        schedule = try fields.list("schedule") { row throws(JSONFieldReader.Unreadable) in try Installment(reading: &row) }
        orderTotal = try fields.money("orderTotal")
        installmentNumber = try fields.positiveInteger("installmentNumber")
        amount = try fields.money("amount")
    }
}
