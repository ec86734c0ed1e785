import Template

/// One schedule row as templates see it: the caller's row plus its translated state label, the
/// state's colours (always shown together with the label) and whether it is the row the message is about.
struct ScheduleRowView: Sendable {
    let number: Int
    let ordinal: String
    let dueDate: Day
    let amount: Money
    let state: String
    let stateLabel: String
    let stateColor: String
    let stateBackground: String
    /// The installment the message is about: highlighted.
    let isTarget: Bool

    init(_ row: Installment, phrases: Phrasebook, isTarget: Bool) {
        number = row.number
        ordinal = phrases.ordinal(row.number)
        dueDate = row.dueDate
        amount = row.amount
        state = row.state.rawValue
        stateLabel = phrases.label(for: row.state)
        (stateColor, stateBackground) = Self.colours(row.state)
        self.isTarget = isTarget
    }

    func templateValue(_ writer: ViewWriter) -> TemplateValue {
        var row = ViewObject(capacity: 9)
        row.set("number", writer.value(number))
        row.set("ordinal", writer.value(ordinal))
        row.set("dueDate", writer.value(dueDate))
        row.set("amount", writer.value(amount))
        row.set("state", writer.value(state))
        row.set("stateLabel", writer.value(stateLabel))
        row.set("stateColor", writer.value(stateColor))
        row.set("stateBackground", writer.value(stateBackground))
        row.set("isTarget", writer.value(isTarget))
        return row.value
    }

    /// Text and background colours; every pair has a contrast ratio above 4.5:1.
    static func colours(_ state: InstallmentState) -> (text: String, background: String) {
        switch state {
        case .paid: ("#1E5E2F", "#D6F0DC")
        case .pending: ("#2F4A7A", "#DCE6F5")
        case .refused: ("#7A3E00", "#FCE3C8")
        case .error: ("#8A1C1C", "#F8D7D7")
        case .refunded: ("#4B2E7A", "#E6DCF5")
        case .canceled: ("#4A4A4A", "#E4E4E4")
        }
    }

    static let schema = Schema([
        SchemaField("number", .positiveInteger), SchemaField("ordinal", .computedText), SchemaField("dueDate", .day),
        SchemaField("amount", .money), SchemaField("state", .installmentState), SchemaField("stateLabel", .computedText),
        SchemaField("stateColor", .computedText), SchemaField("stateBackground", .computedText),
        SchemaField("isTarget", .boolean),
    ])
}
