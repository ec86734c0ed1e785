import Template

/// What the templates of the four installment messages render. Optional values are written as
/// `null` (not left out) so strict rendering can tell "absent" from "misspelt".
struct InstallmentMessageView: Sendable {
    /// The fields only one kind has.
    enum Detail: Sendable {
        case installmentPaid(remainingBalance: Money, nextDueDate: Day?)
        case allPaid
        case failedDebit(retryDate: Day?)
        case upcomingDebit(debitDate: Day, debitWhen: String)
    }

    let brand: Brand
    let customerName: String?
    let productTitle: String
    let orderURL: WebLink
    let cardLast4: String?
    let schedule: [ScheduleRowView]
    let orderTotal: Money
    let installmentNumber: Int
    let installmentOrdinal: String
    let amount: Money
    /// `amount`'s plural category, for words that agree with it ("200,00 € seront prélevés").
    let amountPlural: PluralFlags
    let detail: Detail

    func templateValue(_ writer: ViewWriter) -> TemplateValue {
        var view = ViewObject(capacity: 13)
        view.set("brand", writer.value(brand))
        view.set("customerName", writer.value(customerName))
        view.set("productTitle", writer.value(productTitle))
        view.set("orderURL", writer.value(orderURL))
        view.set("cardLast4", writer.value(cardLast4))
        view.set("schedule", .list(schedule.map { $0.templateValue(writer) }))
        view.set("orderTotal", writer.value(orderTotal))
        view.set("installmentNumber", writer.value(installmentNumber))
        view.set("installmentOrdinal", writer.value(installmentOrdinal))
        view.set("amount", writer.value(amount))
        view.set("amountPlural", amountPlural.templateValue(writer))
        switch detail {
        case .installmentPaid(let remainingBalance, let nextDueDate):
            view.set("remainingBalance", writer.value(remainingBalance))
            view.set("nextDueDate", writer.value(nextDueDate))
        case .allPaid:
            break
        case .failedDebit(let retryDate):
            view.set("retryDate", writer.value(retryDate))
        case .upcomingDebit(let debitDate, let debitWhen):
            view.set("debitDate", writer.value(debitDate))
            view.set("debitWhen", writer.value(debitWhen))
        }
        return view.value
    }
}
