/// The benchmark fixture's data as a typed struct, as Herald's message contexts are.
struct InstallmentEmail: Codable {
    struct Brand: Codable {
        let name: String
        let url: String
        let logoURL: String
        let supportEmail: String
        let postalAddress: String
    }

    struct Row: Codable {
        let number: Int
        let dueDate: String
        let amount: String
        let stateLabel: String
        let stateBackground: String
        let stateColor: String
        let highlighted: Bool
    }

    let locale: String
    let brand: Brand
    let customerName: String?
    let productTitle: String
    let installmentNumber: Int
    let installmentOrdinal: String
    let amount: String
    let remainingBalance: String?
    let nextDueDate: String?
    let cardLast4: String?
    let orderTotal: String
    let orderURL: String
    let schedule: [Row]
}
