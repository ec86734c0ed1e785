import Testing
import TestSupport
@testable import Messages

/// `String(renderedBytes:)` skips the standard library's UTF-8 check for bytes its own check
/// accepts, so that check must accept exactly what the standard library does, and the string must
/// be, byte for byte, what `String(decoding:)` makes, repairs included.
@Suite struct RenderedBytesTests {
    /// Every sequence of up to three bytes drawn from the values at the edges of UTF-8's ranges, and
    /// of four after a four-byte lead, alone and behind 37 bytes of ASCII (so the 32- and 8-byte
    /// skips run before it), with ASCII after.
    @Test func everyShortSequenceIsJudgedAsTheStandardLibraryJudgesIt() {
        let edges: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
                              0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        var sequences: [[UInt8]] = [[]]
        var all: [[UInt8]] = []
        for _ in 1...3 {
            sequences = sequences.flatMap { sequence in edges.map { sequence + [$0] } }
            all += sequences
        }
        all += sequences.filter { $0[0] >= 0xF0 }.flatMap { sequence in edges.map { sequence + [$0] } }
        let prefix = Array(repeating: UInt8(ascii: "a"), count: 37)
        for sequence in all {
            for bytes in [sequence, prefix + sequence + [10, 32, 61]] {
                let expected = String(validating: bytes, as: UTF8.self)
                let isASCII = bytes.withUnsafeBufferPointer(String.validUTF8IsASCII)
                #expect((isASCII != nil) == (expected != nil), "\(bytes)")
                if let isASCII { #expect(isASCII == bytes.allSatisfy { $0 < 0x80 }, "\(bytes)") }
            }
        }
    }

    /// A text that ends right after a 32-byte ASCII run, in a buffer of exactly its size: the check
    /// stops at the end instead of reading the byte past it (the sanitizer runs see that read).
    @Test func aTextEndingAfterAWholeASCIIRunIsReadNoFurther() {
        for runs in 1...3 {
            for lead in [0, 1, 7, 8, 9] {
                let count = lead + 2 + 32 * runs
                let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                    buffer.initialize(repeating: UInt8(ascii: "a"))
                    buffer[lead] = 0xC3
                    buffer[lead + 1] = 0xA9
                    initialized = count
                }
                #expect(bytes.withUnsafeBufferPointer(String.validUTF8IsASCII) == false)
                #expect(Array(String(renderedBytes: bytes).utf8) == bytes)
            }
        }
    }

    /// Texts of ASCII runs of every length around the word sizes, characters of every width and
    /// stray bytes, checked against `String(decoding:)`.
    @Test func theStringIsWhatDecodingMakes() {
        var random = SplitMix64(seed: 3629)
        let pieces: [[UInt8]] = [Array("é".utf8), Array("€".utf8), Array("😀".utf8), Array("ß".utf8), [0x80], [0xC3], [0xE2, 0x82],
                                 [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF]]
        for _ in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(random.next() % 8) {
                bytes += Array(repeating: UInt8(ascii: "x"), count: Int(random.next() % 70))
                bytes += pieces[Int(random.next() % UInt64(pieces.count))]
            }
            bytes += Array(repeating: UInt8(ascii: "y"), count: Int(random.next() % 40))
            #expect(Array(String(renderedBytes: bytes).utf8) == Array(String(decoding: bytes, as: UTF8.self).utf8), "\(bytes)")
        }
    }
}
