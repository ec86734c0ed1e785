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
    public static let viewSchema = schema.adding([
        SchemaField("brand", .object(Brand.schema)), SchemaField("linkLifetime", .computedText),
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
        return CheckInView(context: self, brand: environment.brand,
                           linkLifetime: environment.phrases.lifetime(seconds: seconds),
                           dueToday: daysLate == 0, overdue: daysLate > 0, dueLater: daysLate < 0)
    }
}

/// What check-in templates render; optional values are encoded as `null` for strict rendering.
struct CheckInView: Encodable, Sendable {
    let context: CheckInContext
    let brand: Brand
    let linkLifetime: String
    /// Whether the invoice falls due on the send day ("is due today"), already did ("was due on")
    /// or will ("is due on"): exactly one is true.
    let dueToday: Bool
    let overdue: Bool
    let dueLater: Bool

    private enum CodingKeys: String, CodingKey {
        case brand, invoiceNumber, clientName, invoiceAmount, dueDate, paidURL, pendingURL, linkExpiresAt, linkLifetime, dueToday, overdue, dueLater
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(brand, forKey: .brand)
        try container.encode(context.invoiceNumber, forKey: .invoiceNumber)
        try container.encode(context.clientName, forKey: .clientName)
        try container.encode(context.invoiceAmount, forKey: .invoiceAmount)
        try container.encode(context.dueDate, forKey: .dueDate)
        try container.encode(context.paidURL, forKey: .paidURL)
        try container.encode(context.pendingURL, forKey: .pendingURL)
        try container.encode(context.linkExpiresAt, forKey: .linkExpiresAt)
        try container.encode(linkLifetime, forKey: .linkLifetime)
        try container.encode(dueToday, forKey: .dueToday)
        try container.encode(overdue, forKey: .overdue)
        try container.encode(dueLater, forKey: .dueLater)
    }
}
