import Foundation

/// `check-in`: asks an invoice's owner "have you been paid?" with two secret one-click links.
/// The links carry tokens: never log this context or its rendered bodies.
public struct CheckInContext: MessageContext, Hashable {
    public var invoiceNumber: String
    public var clientName: String?
    public var invoiceAmount: Money?
    public var dueDate: Day
    public var paidURL: WebLink
    public var pendingURL: WebLink
    public var linkExpiresAt: Timestamp

    public static let kind = MessageKind.checkIn
    public static let schema = Schema([
        SchemaField("invoiceNumber", .text), .optional("clientName", .text), .optional("invoiceAmount", .money),
        SchemaField("dueDate", .day), SchemaField("paidURL", .link), SchemaField("pendingURL", .link),
        SchemaField("linkExpiresAt", .timestamp),
    ])
    public static let viewSchema = contextViewSchema(computed: [
        SchemaField("linkLifetime", .computedText),
        SchemaField("dueToday", .boolean), SchemaField("overdue", .boolean), SchemaField("dueLater", .boolean),
    ])

    /// The mail states how long the links live, computed from `linkExpiresAt`.
    public static let fieldsShownThrough = ["linkExpiresAt": ["linkLifetime"]]

    /// Ten thousand years, longer than any two timestamps are apart.
    private static let longestLifetime: TimeInterval = 10_000 * 366 * 86_400

    /// Links that have already expired make the mail useless (422).
    public func semanticProblems(at path: FieldPath, environment: RenderEnvironmentValues) -> FieldProblems {
        guard linkExpiresAt.date <= environment.now else { return FieldProblems() }
        return FieldProblems([FieldProblem(path: path.appending("linkExpiresAt"),
                                           problem: "is not in the future", kind: .unprocessable)])
    }

    public func view(in environment: RenderEnvironmentValues) -> any Encodable & Sendable {
        // Both instants are within years 1–9999 for caller data; clamped so any `now` converts.
        let interval = linkExpiresAt.date.timeIntervalSince(environment.now)
        let seconds = interval > 0 ? Int(min(interval, Self.longestLifetime)) : 0
        let daysLate = dueDate.days(until: environment.sendDay)
        let computed = CheckInComputedValues(linkLifetime: environment.phrases.lifetime(seconds: seconds),
                                             dueToday: daysLate == 0, overdue: daysLate > 0, dueLater: daysLate < 0)
        return ContextView(brand: environment.brand, context: self, computed: computed)
    }
}

/// What check-in templates show besides the context: how long the links live and when the invoice falls due.
private struct CheckInComputedValues: Encodable, Sendable {
    let linkLifetime: String
    /// Whether the invoice falls due on the send day ("is due today"), already did ("was due on")
    /// or will ("is due on"): exactly one is true.
    let dueToday: Bool
    let overdue: Bool
    let dueLater: Bool
}
