/// An ISO 4217 currency with its number of minor units (EUR 2, JPY 0, KWD 3).
public struct Currency: Sendable, Hashable, Codable, CustomStringConvertible {
    public let code: String
    /// Digits after the decimal separator that the currency allows.
    public let minorUnits: Int

    /// Looks a code up in the ISO 4217 table (active currencies only: funds and metals are not money we send mail about).
    public init?(code: String) {
        guard let units = Self.minorUnitsByCode[code] else { return nil }
        self.code = code
        self.minorUnits = units
    }

    public var description: String { code }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let code = try container.decode(String.self)
        guard let currency = Currency(code: code) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown currency \"\(code)\"")
        }
        self = currency
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }

    /// ISO 4217 list one (2025): every code has 2 minor units except the ones listed with 0, 3 or 4.
    static let minorUnitsByCode: [String: Int] = {
        let twoDigits = """
            AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD \
            CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS \
            GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL \
            MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK \
            PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS \
            TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG
            """
        let zeroDigits = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
        let threeDigits = "BHD IQD JOD KWD LYD OMR TND"
        let fourDigits = "CLF UYW"
        var table: [String: Int] = [:]
        for (codes, units) in [(twoDigits, 2), (zeroDigits, 0), (threeDigits, 3), (fourDigits, 4)] {
            for code in codes.split(separator: " ") { table[String(code)] = units }
        }
        return table
    }()
}
