import Foundation
import FuzzSupport
import Messages

/// Values at the edges of what each field can receive: times and days at the ends of the calendar
/// and of every UTC offset, impossible dates, huge and negative money, long and combining-mark
/// strings, markup and header-injection attempts, and raw bytes from the input.
enum EdgeValues {
    static let timestamps = [
        "2026-03-03T09:00:00Z", "9999-12-31T23:59:59-05:00", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59+23:59",
        "0001-01-01T00:00:00+23:59", "0001-01-01T00:00:00-23:59", "0000-01-01T00:00:00Z", "10000-01-01T00:00:00Z",
        "2027-02-30T00:00:00Z", "2028-02-29T12:00:00Z", "2027-02-29T12:00:00Z", "2026-03-03T24:00:00Z", "2026-03-03T09:60:00Z",
        "2016-12-31T23:59:60Z", "2026-03-03T25:00:00Z", "2026-03-03T09:00:00.999999999Z", "2026-03-03t09:00:00z",
        "2026-03-03T09:00:00+24:00", "2026-03-03T09:00:00-00:00", "2026-03-04T09:00:00Z", "2026-03-03T09:00:00",
        "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2038-01-19T03:14:08Z", "2026-03-03T09:00:00+05:45", "2026-13-03T09:00:00Z",
    ]

    static let days = [
        "2026-03-03", "0000-01-01", "0001-01-01", "9999-12-31", "10000-01-01", "2024-02-29", "2023-02-29", "2026-02-30",
        "2026-13-01", "2026-00-10", "-0001-01-01", "2026-3-3", "1582-10-10", "1900-02-29", "2000-02-29", "2026-03-04", "2026-03-02",
    ]

    static let amounts = [
        "0", "0.00", "-1.00", "-0.01", "49.999", "1e3", "99999999999999999999.99", "999999999999999999999999999999999999999.99",
        "-0", "", "NaN", "1,00", " 1.00", "0.1", "12", "18446744073709551616.00", "-99999999999999999999.99",
    ]

    static let currencies = ["EUR", "USD", "JPY", "BHD", "CLF", "XXX", "usd", "", "EURO", "€"]

    static let locales = [
        "en", "fr", "fr-CA", "de", "ja", "ar", "he", "th", "xx-YY", "zh-Hant-TW", "th-TH-u-ca-buddhist", "ar-SA-u-ca-islamic",
        "ja-JP-u-ca-japanese", "en-u-ca-hebrew", "fa-IR-u-ca-persian", "en-u-tz-pacificapia", "fr-u-nu-arab", "_", "-",
    ]

    static let fieldNames = [
        "customerName", "productTitle", "orderURL", "cardLast4", "schedule", "orderTotal", "installmentNumber", "amount",
        "debitDate", "dueDate", "state", "number", "currency", "linkExpiresAt", "invoiceNumber", "clientName", "invoiceAmount",
        "paidURL", "pendingURL", "email", "name", "extra", "filename", "contentType", "content",
    ]

    /// A valid attachments list for the mutator to break: a PDF and a file name that is not ASCII.
    static let attachments = JSONValue.array([
        .object(["filename": .string("Facture été.pdf"), "contentType": .string("application/pdf"), "content": .string("JVBERi0xLjQKJSVFT0YK")]),
        .object(["filename": .string("schedule.csv"), "contentType": .string("text/csv"), "content": .string("MTsyMDAsMDAK")]),
    ])

    static func strings(_ input: inout FuzzInput) -> [JSONValue] {
        let mark = "\u{0301}"
        let lengths = [1, 999, 1000, 1001, 5000, 150_000]
        let length = input.pick(lengths) ?? 1
        return [
            "", " ", "Camille", "<script>alert(1)</script>", "=?utf-8?q?x?=", "a\r\nBcc: x@example.com", "\u{202E}evil",
            "\u{0}", "👩‍👩‍👧‍👦", "e" + String(repeating: mark, count: length), String(repeating: "x", count: length),
            String(repeating: "é ", count: length), "https://atelier-nord.example/a", "javascript:alert(1)", "http://", "4242",
            "paid", "pending", "failed", "\u{0600}<\u{0600}>\"", String(decoding: input.bytes(upTo: 64), as: UTF8.self),
        ].map { .string($0) }
    }

    static func value(_ input: inout FuzzInput) -> JSONValue {
        switch input.byte() % 10 {
        case 0: return .string(input.pick(timestamps) ?? "")
        case 1: return .string(input.pick(days) ?? "")
        case 2: return .object(["amount": .string(input.pick(amounts) ?? ""), "currency": .string(input.pick(currencies) ?? "")])
        case 3: return .string(input.pick(amounts) ?? "")
        case 4: return input.pick(strings(&input)) ?? .null
        case 5: return input.pick([.integer(0), .integer(1), .integer(-1), .integer(Int.max), .integer(Int.min), .integer(9_007_199_254_740_993), .integer(50), .integer(51)]) ?? .null
        case 6: return .number(Decimal(string: input.pick(["1e308", "-0.0", "0.001", "1.5", "1e-400", "99999999999999999999999999999999999.99"]) ?? "0") ?? 0)
        case 7: return input.pick([.bool(true), .bool(false), .null, .array([]), .object([:])]) ?? .null
        case 8: return .string(input.pick(currencies) ?? "")
        default: return .string(input.pick(locales) ?? "")
        }
    }
}
