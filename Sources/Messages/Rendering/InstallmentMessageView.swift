/// What the templates of the four installment messages render. Optional values are encoded as
/// `null` (not left out) so strict rendering can tell "absent" from "misspelt".
struct InstallmentMessageView: Encodable, Sendable {
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

    private enum CodingKeys: String, CodingKey {
        case brand, customerName, productTitle, orderURL, cardLast4, schedule, orderTotal, installmentNumber
        case installmentOrdinal, amount, amountPlural, remainingBalance, nextDueDate, retryDate, debitDate, debitWhen
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(brand, forKey: .brand)
        try container.encode(customerName, forKey: .customerName)
        try container.encode(productTitle, forKey: .productTitle)
        try container.encode(orderURL, forKey: .orderURL)
        try container.encode(cardLast4, forKey: .cardLast4)
        try container.encode(schedule, forKey: .schedule)
        try container.encode(orderTotal, forKey: .orderTotal)
        try container.encode(installmentNumber, forKey: .installmentNumber)
        try container.encode(installmentOrdinal, forKey: .installmentOrdinal)
        try container.encode(amount, forKey: .amount)
        try container.encode(amountPlural, forKey: .amountPlural)
        switch detail {
        case .installmentPaid(let remainingBalance, let nextDueDate):
            try container.encode(remainingBalance, forKey: .remainingBalance)
            try container.encode(nextDueDate, forKey: .nextDueDate)
        case .allPaid:
            break
        case .failedDebit(let retryDate):
            try container.encode(retryDate, forKey: .retryDate)
        case .upcomingDebit(let debitDate, let debitWhen):
            try container.encode(debitDate, forKey: .debitDate)
            try container.encode(debitWhen, forKey: .debitWhen)
        }
    }
}
