import Testing
@testable import Delivery

@Suite("PostgreSQL bytea text")
struct PostgresByteaTests {
    @Test("every byte value goes out as lower-case hex and comes back; upper-case digits are read too")
    func roundTrip() {
        let bytes = (0...255).map(UInt8.init) + [0, 0, 255]
        let literal = PostgresBytea.literal(bytes)
        #expect(literal.hasPrefix("\\x000102"))
        #expect(literal.utf8.count == 2 + 2 * bytes.count)
        #expect(PostgresBytea.bytes(literal) == bytes)
        #expect(PostgresBytea.bytes("\\xDEADbeef") == [0xDE, 0xAD, 0xBE, 0xEF])
        #expect(PostgresBytea.bytes("\\x") == [])
        #expect(PostgresBytea.literal([]) == "\\x")
    }

    @Test("anything but hex-format bytea is refused, not misread", arguments: ["", "x00", "\\", "\\x0", "\\x0g", "\\x 0", "{\"id\":1}", "\\000\\001", "\\xé0"])
    func refusesOtherText(text: String) {
        #expect(PostgresBytea.bytes(text) == nil)
    }
}
