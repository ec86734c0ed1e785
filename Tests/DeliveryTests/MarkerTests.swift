import Foundation
import Testing
@testable import Delivery

@Suite("Spool index markers")
struct MarkerTests {
    @Test("any time makes a name that parses back: far dates clamp, none traps", arguments: [
        1e17, 1e300, -1e17, Double.infinity, Double.nan, Date.distantFuture.timeIntervalSince1970, 253_402_300_799,
    ])
    func farTimesClamp(seconds: Double) throws {
        let marker = Marker(time: Date(timeIntervalSince1970: seconds), state: .scheduled, id: "msg-1")
        let parsed = try #require(Marker(name: marker.name), "\(marker.name)")
        #expect(parsed.id == "msg-1" && parsed.state == .scheduled)
        #expect((0...Marker.maximumMilliseconds).contains(parsed.milliseconds))
    }
}
