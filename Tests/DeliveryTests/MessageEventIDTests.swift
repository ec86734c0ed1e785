import Testing
@testable import Delivery

@Suite("Event ids")
struct MessageEventIDTests {
    @Test("an event id is evt_ and 32 lower-case hex digits, and ids do not repeat")
    func shapeAndUniqueness() {
        let ids = (0..<10_000).map { _ in MessageEvent.newID() }
        #expect(ids.allSatisfy { id in
            id.hasPrefix("evt_") && id.utf8.count == 36 && id.utf8.dropFirst(4).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        })
        #expect(Set(ids).count == ids.count)
    }
}
