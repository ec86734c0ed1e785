import Foundation

/// How one locale writes a day in its long style (`March 5, 2026`, `5 mars 2026`), learnt once
/// from Foundation's pattern and month names and then applied with string appends: a formatter per
/// day of every message was a tenth of composing one.
///
/// A pattern is kept only when it reproduces Foundation for every probe day (every month, one- and
/// two-digit days, years from the Gregorian reform to 9999, with and without a day-of-month name);
/// a locale whose pattern has other fields (eras, weekdays, padded days) has none, and its days
/// go through Foundation as before. Days before the reform always do (see `Day.formatted`).
struct LongDatePattern: Sendable {
    private enum Piece: Sendable {
        case literal(String)
        case month
        case day
        case year
    }

    private let pieces: [Piece]
    private let monthNames: [String]

    init?(locale: Locale) {
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.dateStyle = .long
        formatter.timeStyle = .none
        guard let pieces = Self.pieces(of: formatter.dateFormat) else { return nil }
        formatter.calendar = Day.gregorianUTC
        let monthNames: [String] = formatter.monthSymbols
        guard monthNames.count == 12 else { return nil }
        self.pieces = pieces
        self.monthNames = monthNames

        // Every month name, one- and two-digit days, both ends of the years; each probe is a
        // formatter or two, so they are few (they run once per locale, on its first day).
        let probes = (1...12).map { (2026, $0, $0 + 16) } + [(1583, 1, 1), (2026, 3, 9), (2026, 3, 10), (9999, 12, 31)]
        for (year, month, dayOfMonth) in probes {
            guard let day = Day(year: year, month: month, day: dayOfMonth), format(day) == day.foundationFormatted(locale: locale) else { return nil }
        }
        for (year, month, dayOfMonth) in [(2026, 3, 1), (9999, 12, 1)] {
            guard let day = Day(year: year, month: month, day: dayOfMonth),
                  format(day, dayOfMonthName: "1er") == day.foundationFormatted(locale: locale, dayOfMonthName: "1er")
            else { return nil }
        }
    }

    /// The day written in the pattern; `dayOfMonthName` replaces its day number (`1er`).
    func format(_ day: Day, dayOfMonthName: String? = nil) -> String {
        var text = ""
        for piece in pieces {
            switch piece {
            case .literal(let literal): text += literal
            case .month: text += monthNames[day.month - 1]
            case .day: text += dayOfMonthName ?? String(day.day)
            case .year: text += String(day.year)
            }
        }
        return text
    }

    /// The pieces of an ICU date pattern made only of `MMMM`, `d`, `y` and literals (`'…'`, `''`
    /// for a quote, and anything that is not a letter); nil for any other field.
    private static func pieces(of pattern: String) -> [Piece]? {
        var pieces: [Piece] = []
        var literal = ""
        var quoted = false
        let characters = Array(pattern)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "'" {
                if index + 1 < characters.count, characters[index + 1] == "'" {
                    literal.append("'")
                    index += 2
                    continue
                }
                quoted.toggle()
                index += 1
                continue
            }
            guard !quoted, character.isASCII, character.isLetter else {
                literal.append(character)
                index += 1
                continue
            }
            var runEnd = index
            while runEnd < characters.count, characters[runEnd] == character { runEnd += 1 }
            let field: Piece
            switch (character, runEnd - index) {
            case ("M", 4): field = .month
            case ("d", 1): field = .day
            case ("y", 1): field = .year
            default: return nil
            }
            if !literal.isEmpty { pieces.append(.literal(literal)) }
            literal = ""
            pieces.append(field)
            index = runEnd
        }
        guard !quoted else { return nil }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return pieces
    }
}
