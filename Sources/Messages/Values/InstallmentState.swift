/// Where one installment of a payment schedule stands.
public enum InstallmentState: String, Sendable, Hashable, Codable, CaseIterable {
    case paid, pending, refused, error, refunded, canceled
}
