/// One row of a payment schedule, as callers send it.
public struct Installment: Sendable, Hashable, Codable {
    /// 1-based position in the schedule.
    public var number: Int
    public var dueDate: Day
    public var amount: Money
    public var state: InstallmentState

    public init(number: Int, dueDate: Day, amount: Money, state: InstallmentState) {
        self.number = number
        self.dueDate = dueDate
        self.amount = amount
        self.state = state
    }

    /// A row of `InstallmentOrderContext.orderFields`' schedule.
    init(reading fields: inout JSONFieldReader) throws(JSONFieldReader.Unreadable) {
        number = try fields.positiveInteger("number")
        dueDate = try fields.day("dueDate")
        amount = try fields.money("amount")
        state = try fields.installmentState("state")
    }
}

/// Where one installment of a payment schedule stands.
public enum InstallmentState: String, Sendable, Hashable, Codable, CaseIterable {
    case paid, pending, refused, error, refunded, canceled
}
