import Foundation
import HeraldLogging
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Lines written from many threads at once reach the descriptor whole, one after another, even when
/// they are longer than what a pipe writes atomically (`PIPE_BUF`, 4096 bytes on Linux).
@Suite struct FileDescriptorSinkTests {
    @Test func concurrentLongLinesNeverInterleave() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let (readEnd, writeEnd) = (ends[0], ends[1])
        let reading = FileHandle(fileDescriptor: readEnd, closeOnDealloc: true)
        let received = CollectedLines()
        let readerDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            received.write(String(decoding: reading.readDataToEndOfFile(), as: UTF8.self))
            readerDone.signal()
        }

        let threads = 8
        let linesPerThread = 20
        let log = HeraldLog(minimumLevel: .info, sink: FileDescriptorSink(descriptor: writeEnd))
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            let padding = String(repeating: Character(String(thread)), count: 20_000)
            for number in 0..<linesPerThread {
                log.info("line", ["thread": .int(thread), "number": .int(number), "padding": .string(padding)])
            }
        }
        close(writeEnd)
        #expect(readerDone.wait(timeout: .now() + 30) == .success)

        let text = try #require(received.lines.first)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        #expect(lines.count == threads * linesPerThread + 1)
        var seen: Set<String> = []
        for line in lines.dropLast() {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line.prefix(120))")
            let thread = try #require(json["thread"] as? Int)
            let padding = try #require(json["padding"] as? String)
            #expect(padding == String(repeating: Character(String(thread)), count: 20_000))
            seen.insert("\(thread)/\(json["number"] ?? "")")
        }
        #expect(seen.count == threads * linesPerThread)
    }
}
