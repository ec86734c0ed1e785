import FuzzSupport
import HTTPServer
import TestSupport

/// The request parser fed the same bytes whole and in random splits, as a socket delivers them:
/// both must see the same requests and the same error (a differential oracle), under the default
/// limits and under small ones that every input can reach.
@main enum FuzzHTTPParser {
    static func main() { FuzzDriver.run(fuzzOneInput) }

    static let parsers = [
        RequestParser(),
        RequestParser(limits: RequestLimits(maxHeadBytes: 200, maxHeaderCount: 4, maxBodyBytes: 32)),
    ]

    static func check(_ stream: [UInt8]) {
        var random = SplitMix64(seed: fnv1a(stream))
        let chunkCount = Int.random(in: 1...8, using: &random)
        let cuts = (0..<(chunkCount - 1)).map { _ in Int.random(in: 0...stream.count, using: &random) }.sorted()
        for parser in parsers {
            let whole = ParseEvents(parser: parser, chunks: [stream[...]])
            var chunks: [ArraySlice<UInt8>] = []
            var start = 0
            for cut in cuts + [stream.count] {
                chunks.append(stream[start..<cut])
                start = cut
            }
            let split = ParseEvents(parser: parser, chunks: chunks)
            fuzzRequire(whole.events == split.events, "split at \(cuts) parsed differently:\n whole \(whole.events)\n split \(split.events)")
        }
    }

    private static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHTTPParser.check(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
