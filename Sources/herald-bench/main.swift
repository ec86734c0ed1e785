import Foundation
import Template

// herald-bench: how fast the engine renders a realistic transactional email, compared with a peer.
//
//   herald-bench [--template FILE --data DATA.json [--partials DIR]] [--runs N] [--seconds S] [--compare-jinja2] [--cpu-time]
//   herald-bench … --iterations N    (exactly N renders, for `valgrind --tool=callgrind`)
//
// Each run renders for S seconds on one thread (wall time, or with --cpu-time that thread's CPU
// time, on both sides); the figures are medians over N runs. The last line is always
// `renders/s=N bytes/render=M`.

let arguments = BenchArguments(CommandLine.arguments.dropFirst())
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

do {
    let templatePath = arguments.value("template") ?? fixtures + "/installment-paid.mustache"
    let dataPath = arguments.value("data") ?? fixtures + "/installment-paid.json"
    let (template, library) = try TemplateLibrary.loading(file: templatePath, partialsDirectory: arguments.value("partials"))
    let value = try TemplateValue(contentsOfJSONFile: dataPath)
    let runs = Int(arguments.value("runs") ?? "") ?? 7
    let seconds = Double(arguments.value("seconds") ?? "") ?? 0.5
    let options = RenderOptions(contentType: .html, mode: .strict)
    let clock: Measurement.Clock = arguments.has("cpu-time") ? .threadCPU : .wall

    var buffer: [UInt8] = []
    try template.render(value, into: &buffer, library: library, options: options)
    let bytesPerRender = buffer.count

    if let iterations = Int(arguments.value("iterations") ?? "") {
        // A fixed amount of work, for instruction counting under valgrind (see README).
        if arguments.has("typed") {
            let typed = try JSONDecoder().decode(InstallmentEmail.self, from: Data(contentsOf: URL(fileURLWithPath: dataPath)))
            for _ in 0..<iterations { try template.render(TemplateEncoder().encode(typed), into: &buffer, library: library, options: options) }
        } else {
            for _ in 0..<iterations { try template.render(value, into: &buffer, library: library, options: options) }
        }
        print("iterations=\(iterations) bytes/render=\(bytesPerRender)")
        exit(0)
    }

    let valueRates = try Measurement.rates(runs: runs, seconds: seconds, clock: clock) {
        try template.render(value, into: &buffer, library: library, options: options)
    }
    let rate = Measurement.median(valueRates)
    print("template: \(templatePath) (\(bytesPerRender) bytes per render)")
    print("render from a prepared value: median \(Int(rate)) renders/s, \(String(format: "%.0f", rate * Double(bytesPerRender) / 1_000_000)) MB/s (runs: \(valueRates.map { String(Int($0)) }.joined(separator: " ")))")

    if arguments.value("template") == nil {
        // The path Herald takes for every message: encode the typed context, then render.
        let typed = try JSONDecoder().decode(InstallmentEmail.self, from: Data(contentsOf: URL(fileURLWithPath: dataPath)))
        let typedRates = try Measurement.rates(runs: runs, seconds: seconds, clock: clock) {
            try template.render(TemplateEncoder().encode(typed), into: &buffer, library: library, options: options)
        }
        print("encode a typed struct + render: median \(Int(Measurement.median(typedRates))) renders/s")
    }

    if arguments.has("compare-jinja2") {
        let peer = try Measurement.jinja2(script: fixtures + "/jinja2_bench.py", runs: runs, seconds: seconds, clock: clock)
        print("jinja2 (compiled, autoescape) on the equivalent template: median \(peer) renders/s")
        print(String(format: "ratio herald/jinja2: %.1fx", rate / Double(peer)))
    }
    print("renders/s=\(Int(rate)) bytes/render=\(bytesPerRender)")
} catch {
    FileHandle.standardError.write(Data("herald-bench: \(error)\n".utf8))
    exit(1)
}
