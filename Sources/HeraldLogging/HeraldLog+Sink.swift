#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Locking

extension HeraldLog {
    /// Where finished lines go. A sink receives one whole line (newline included) per call and must not
    /// split or reorder it; formatting and the level filter happen before, in `HeraldLog`.
    public protocol Sink: Sendable {
        func write(_ line: String)
    }
}

/// Lines to a file descriptor (standard error for Herald's logs) with one `write(2)` each, so lines
/// from several threads never interleave (a pipe takes up to `PIPE_BUF` bytes atomically). A short
/// write, possible for a long line, is finished under the sink's lock, so even then no other line of
/// the sink lands inside it. Copies of a sink share its lock: log to descriptor 2 through `standardError`.
public struct FileDescriptorSink: HeraldLog.Sink {
    /// Descriptor 2: where every Herald command logs.
    public static let standardError = FileDescriptorSink(descriptor: 2)

    /// The descriptor, used only under its lock.
    private let descriptor: Locked<Int32>

    public init(descriptor: Int32) {
        self.descriptor = Locked(descriptor)
    }

    public func write(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            descriptor.withLock { descriptor in
                var offset = 0
                while offset < bytes.count {
                    let written = systemWrite(descriptor, base + offset, bytes.count - offset)
                    if written < 0, errno == EINTR { continue }
                    guard written > 0 else { return }  // closed or broken: a log line has nowhere else to go
                    offset += written
                }
            }
        }
    }
}

/// `write(2)` (a free function: inside the sink, `write` names the sink's own method).
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// Drops every line (`HeraldLog.silent`).
struct DiscardingSink: HeraldLog.Sink {
    func write(_ line: String) {}
}
