/// The few words Herald computes rather than writes in templates, because they depend on a number
/// or a state: ordinals that agree with "échéance" (feminine), state labels, "tomorrow", lifetimes.
struct Phrasebook: Sendable {
    let language: TemplateLanguage

    /// `1st 2nd 3rd 4th 11th 21st` / `1re 2e 3e` (French ordinal for a feminine noun).
    func ordinal(_ number: Int) -> String {
        switch language {
        case .en:
            let suffix = switch number % 10 {
            case _ where (11...13).contains(number % 100): "th"
            case 1: "st"
            case 2: "nd"
            case 3: "rd"
            default: "th"
            }
            return "\(number)\(suffix)"
        case .fr:
            return number == 1 ? "1re" : "\(number)e"
        }
    }

    /// A label for every state, so a state is never shown by colour alone.
    func label(for state: InstallmentState) -> String {
        switch (language, state) {
        case (.en, .paid): "Paid"
        case (.en, .pending): "Upcoming"
        case (.en, .refused): "Refused"
        case (.en, .error): "Payment error"
        case (.en, .refunded): "Refunded"
        case (.en, .canceled): "Canceled"
        case (.fr, .paid): "Payée"
        case (.fr, .pending): "À venir"
        case (.fr, .refused): "Refusée"
        case (.fr, .error): "Erreur de paiement"
        case (.fr, .refunded): "Remboursée"
        case (.fr, .canceled): "Annulée"
        }
    }

    /// When something happens relative to the send day: `today`, `tomorrow`, `in 3 days`.
    func when(inDays days: Int) -> String {
        switch (language, days) {
        case (.en, 0): "today"
        case (.en, 1): "tomorrow"
        case (.en, _): "in \(days) days"
        case (.fr, 0): "aujourd’hui"
        case (.fr, 1): "demain"
        case (.fr, _): "dans \(days) jours"
        }
    }

    /// A plain countdown with a correct plural: `in 1 day`, `in 3 days`, `dans 1 jour`.
    func countdown(inDays days: Int) -> String {
        switch language {
        case .en: days == 1 ? "in 1 day" : "in \(days) days"
        case .fr: days == 1 ? "dans 1 jour" : "dans \(days) jours"
        }
    }

    /// How long a link stays valid: `45 minutes`, `1 hour`, `24 hours`, `3 days` (whole units, rounded down).
    func lifetime(seconds: Int) -> String {
        let minutes = max(seconds / 60, 1)
        let hours = minutes / 60
        let (count, unit): (Int, (String, String, String, String)) =
            hours >= 48 ? (hours / 24, ("day", "days", "jour", "jours"))
            : hours >= 1 ? (hours, ("hour", "hours", "heure", "heures"))
            : (minutes, ("minute", "minutes", "minute", "minutes"))
        switch language {
        case .en: return "\(count) \(count == 1 ? unit.0 : unit.1)"
        case .fr: return "\(count) \(count == 1 ? unit.2 : unit.3)"
        }
    }
}
