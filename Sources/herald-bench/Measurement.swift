import Foundation

/// Timing helpers: each run repeats the work for a fixed time; callers report medians,
/// because the machine is shared and single runs are noisy.
enum Measurement {
    /// What a run's time is: the wall clock, or (`--cpu-time`) the CPU time of the measuring
    /// thread, which leaves out the time other processes hold the cores on a loaded machine.
    enum Clock {
        case wall
        case threadCPU

        var now: Double {
            switch self {
            case .wall:
                return ContinuousClock.now.timeIntervalSinceZero
            case .threadCPU:
                var time = timespec()
                clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
                return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
            }
        }
    }

    static func rates(runs: Int, seconds: Double, clock: Clock, _ work: () throws -> Void) rethrows -> [Double] {
        for _ in 0..<100 { try work() }
        var rates: [Double] = []
        for _ in 0..<runs {
            let start = clock.now
            var count = 0
            var elapsed = 0.0
            repeat {
                for _ in 0..<64 { try work() }
                count += 64
                elapsed = clock.now - start
            } while elapsed < seconds
            rates.append(Double(count) / elapsed)
        }
        return rates
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Runs the Jinja2 twin of the fixture and reads its `renders/s=` line.
    static func jinja2(script: String, runs: Int, seconds: Double, clock: Clock) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, String(runs), String(seconds), clock == .threadCPU ? "cpu" : "wall"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let line = output.split(separator: "\n").last(where: { $0.hasPrefix("renders/s=") }),
            let rate = Int(line.dropFirst("renders/s=".count).prefix { $0.isNumber })
        else { throw BenchError.peerFailed(output) }
        return rate
    }
}

enum BenchError: Error, CustomStringConvertible {
    case peerFailed(String)

    var description: String { "the Jinja2 benchmark failed (is jinja2 installed? pip install jinja2): \(self.output)" }

    private var output: String {
        switch self {
        case .peerFailed(let output): output
        }
    }
}

extension ContinuousClock.Instant {
    /// Seconds since an arbitrary fixed origin, for differences.
    var timeIntervalSinceZero: Double {
        let (whole, fraction) = (self - ContinuousClock.Instant.zero).components
        return Double(whole) + Double(fraction) / 1e18
    }

    private static let zero = ContinuousClock.now
}

/// `--name value` options and `--flag` switches.
struct BenchArguments {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    init(_ arguments: ArraySlice<String>) {
        var iterator = arguments.makeIterator()
        while let word = iterator.next() {
            guard word.hasPrefix("--") else { continue }
            let name = String(word.dropFirst(2))
            if name == "compare-jinja2" || name == "typed" || name == "cpu-time" {
                flags.insert(name)
            } else {
                values[name] = iterator.next()
            }
        }
    }

    func value(_ name: String) -> String? { values[name] }
    func has(_ name: String) -> Bool { flags.contains(name) }
}
