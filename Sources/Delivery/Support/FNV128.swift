/// 128 bits from two FNV-1a passes (two offset bases) as 32 hex digits: a stable, compact name for
/// bytes (spool key files, request fingerprints). Not a security hash: the inputs are the caller's own.
enum FNV128 {
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x6c62_272e_07bb_0142
        for byte in bytes {
            first = (first ^ UInt64(byte)) &* 0x100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hex16(first) + hex16(second)
    }

    private static func hex16(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
