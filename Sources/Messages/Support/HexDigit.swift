/// Reading hex digits, either case: quoted-printable's `=XX` escapes and PostgreSQL's `bytea` text.
package enum HexDigit {
    /// The value (0–15) of the hex digit `byte`, or nil when it is not one.
    @inline(__always)
    package static func value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
