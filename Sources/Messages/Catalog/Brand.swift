/// The sender's identity every template can show (README "Configuration"): from configuration, never from callers.
public struct Brand: Sendable, Hashable, Codable {
    public var name: String
    public var url: String
    /// A hosted image (never a `data:` URI: many clients block those).
    public var logoURL: String
    public var supportEmail: String
    /// The postal / legal line of the footer.
    public var postalAddress: String

    public init(name: String, url: String, logoURL: String, supportEmail: String, postalAddress: String) {
        self.name = name
        self.url = url
        self.logoURL = logoURL
        self.supportEmail = supportEmail
        self.postalAddress = postalAddress
    }

    /// The sample brand of development, previews and golden files.
    public static let sample = Brand(
        name: "Atelier Nord", url: "https://atelier-nord.example", logoURL: "https://atelier-nord.example/static/logo-200.png",
        supportEmail: "help@atelier-nord.example", postalAddress: "Atelier Nord SAS, 12 rue des Lilas, 75011 Paris, France")

    static let schema = Schema([
        SchemaField("name", .computedText), SchemaField("url", .computedText), SchemaField("logoURL", .computedText),
        SchemaField("supportEmail", .computedText), SchemaField("postalAddress", .computedText),
    ])
}
