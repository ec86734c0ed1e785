import Foundation
import Template

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

    public init(reading fields: inout JSONFieldReader) throws(JSONFieldReader.Unreadable) {
        invoiceNumber = try fields.text("invoiceNumber")
        clientName = try fields.optionalText("clientName")
        invoiceAmount = try fields.optionalMoney("invoiceAmount")
        dueDate = try fields.day("dueDate")
        paidURL = try fields.link("paidURL")
        pendingURL = try fields.link("pendingURL")
        linkExpiresAt = try fields.timestamp("linkExpiresAt")
    }

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

    /// Besides the context, how long the links live and when the invoice falls due: on the send day
    /// ("is due today"), before it ("was due on") or after it ("is due on"), exactly one true.
    public func templateValue(in environment: RenderEnvironmentValues) -> TemplateValue {
        // Both instants are within years 1–9999 for caller data; clamped so any `now` converts.
        let interval = linkExpiresAt.date.timeIntervalSince(environment.now)
        let seconds = interval > 0 ? Int(min(interval, Self.longestLifetime)) : 0
        let daysLate = dueDate.days(until: environment.sendDay)
        return contextView(in: environment, fieldCount: 11) { view, writer in
            view.set("invoiceNumber", writer.value(invoiceNumber))
            view.set("clientName", writer.value(clientName))
            view.set("invoiceAmount", writer.value(invoiceAmount))
            view.set("dueDate", writer.value(dueDate))
            view.set("paidURL", writer.value(paidURL))
            view.set("pendingURL", writer.value(pendingURL))
            view.set("linkExpiresAt", writer.value(linkExpiresAt))
            view.set("linkLifetime", writer.value(environment.phrases.lifetime(seconds: seconds)))
            view.set("dueToday", writer.value(daysLate == 0))
            view.set("overdue", writer.value(daysLate > 0))
            view.set("dueLater", writer.value(daysLate < 0))
        }
    }
}
