extension String {
    /// The same string as `String(decoding: bytes, as: UTF8.self)`, made faster for the rendered
    /// parts and the other texts written from whole strings (the outbox's copy of the context):
    /// once a text holds one non-ASCII byte (a `€`, an `é`), the standard library checks all of
    /// it a byte at a time, a sixth of composing a message. Here runs of ASCII are skipped
    /// 32 and 8 bytes at a time and only the other characters' bytes are checked; valid bytes are
    /// then copied without a second check. Invalid ones are repaired as `String(decoding:)` does.
    init(renderedBytes bytes: [UInt8]) {
        guard #available(macOS 26.0, *), let isASCII = bytes.withUnsafeBufferPointer(Self.validUTF8IsASCII) else {
            self.init(decoding: bytes, as: UTF8.self)
            return
        }
        self.init(copying: unsafe UTF8Span(unchecked: bytes.span, isKnownASCII: isASCII))
    }

    /// Nil when `bytes` are not well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or
    /// scalars past U+10FFFF); otherwise whether they are all ASCII.
    static func validUTF8IsASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let base = bytes.baseAddress else { return true }
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let count = bytes.count
        var index = 0
        var isASCII = true
        while index < count {
            while count &- index >= 32 {
                let raw = UnsafeRawPointer(base + index)
                let any = raw.loadUnaligned(as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                guard any & highBits == 0 else { break }
                index &+= 32
            }
            guard index < count else { break }
            if count &- index >= 8 {
                let high = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) & highBits
                guard high != 0 else {
                    index &+= 8
                    continue
                }
                index &+= high.trailingZeroBitCount / 8
            } else if base[index] < 0x80 {
                index &+= 1
                continue
            }
            isASCII = false
            // The lead byte gives the length and the range of the second byte; the others are continuations.
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch base[index] {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            default: return nil
            }
            guard count &- index >= length, secondRange.contains(base[index &+ 1]) else { return nil }
            for offset in 2..<length where base[index &+ offset] & 0xC0 != 0x80 { return nil }
            index &+= length
        }
        return isASCII
    }
}
