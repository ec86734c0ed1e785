import Foundation

/// How wide HTML documents lay out in phone-sized viewports: each document in a frame as wide as
/// the viewport (its media queries see that width), measured as `document.documentElement.scrollWidth`,
/// which exceeds the viewport exactly when something forces horizontal scrolling.
public struct ViewportProbe: Sendable {
    /// One document measured at one viewport width.
    public struct Measurement: Sendable, Equatable {
        public let document: Int
        public let viewport: Int
        public let scrollWidth: Int
        public var overflows: Bool { scrollWidth > viewport }
    }

    public let chromium: HeadlessChromium

    public init(chromium: HeadlessChromium) {
        self.chromium = chromium
    }

    /// Every document at every width, in one Chromium run; ordered by document, then width.
    public func measure(_ documents: [String], viewports: [Int], colorScheme: HeadlessChromium.ColorScheme = .light) throws -> [Measurement] {
        let pairs = documents.indices.flatMap { document in viewports.map { (document, $0) } }
        let batch = FrameBatch(probe: "return document.documentElement.scrollWidth;", concurrency: 16)
        let results = try batch.run(pairs.map { FrameBatch.Frame(html: documents[$0.0], width: $0.1) }, in: chromium, colorScheme: colorScheme)
        return try zip(pairs, results).map { pair, data in
            guard let width = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed) as? Int else {
                throw HeadlessChromium.ChromiumError.noResult("document \(pair.0) at \(pair.1) px: \(String(decoding: data, as: UTF8.self))")
            }
            return Measurement(document: pair.0, viewport: pair.1, scrollWidth: width)
        }
    }
}
