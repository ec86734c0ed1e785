import FuzzSupport
import Template

/// The Mustache parser and renderer on any source: compiling and rendering (spec and strict mode,
/// HTML and plain text, with partials and self-inclusion) only ever succeeds or throws a
/// `TemplateError`. And any text interpolated into HTML comes out with no raw `< > " ' &` and
/// unescapes back to the text.
@main enum FuzzTemplate {
    static func main() { FuzzDriver.run(fuzzOneInput) }

    private static let data: TemplateValue = [
        "a": ["b": "x", "c": [1, 2]], "b": false, "d": "p", "k": "<k>", "list": [["a": 1], ["a": 2]], "n": .double(1.5), "z": 0,
    ]

    private static let library: TemplateLibrary = {
        var library = TemplateLibrary()
        if let partial = try? CompiledTemplate(source: "[{{a.b}}{{$k}}dflt{{/k}}{{>p}}]", name: "p") { library.register(partial) }
        return library
    }()

    private static let interpolation: CompiledTemplate? = try? CompiledTemplate(source: "{{v}}", name: "interpolation")
    private static let entities: [(entity: [UInt8], byte: UInt8)] = [
        ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&"),
    ].map { (Array($0.0.utf8), UInt8(ascii: $0.1)) }

    static func check(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let options = RenderOptions(
            contentType: input.bool() ? .html : .text, mode: input.bool() ? .strict : .spec, maximumDepth: 16)
        let source = String(decoding: input.rest(), as: UTF8.self)
        checkEscaping(source)
        guard let template = try? CompiledTemplate(source: source, name: "fuzz") else { return }
        var withSelf = library
        withSelf.register(template)
        _ = try? template.render(data, library: library, options: options)
        _ = try? template.render(data, library: withSelf, options: options)
        _ = try? withSelf.names(usedBy: "fuzz")
        _ = template.referencedTemplateNames
    }

    private static func checkEscaping(_ text: String) {
        guard let interpolation, let output = try? interpolation.render(["v": .string(text)], options: RenderOptions(contentType: .html)) else {
            fuzzRequire(false, "interpolating \(Array(text.utf8)) failed")
            return
        }
        let escaped = Array(output.utf8)
        fuzzRequire(!escaped.contains(where: { [34, 39, 60, 62].contains($0) }), "raw HTML special character in \(escaped)")
        fuzzRequire(unescape(escaped) == Array(text.utf8), "\(Array(text.utf8)) escaped to \(escaped), which does not unescape back")
    }

    /// Byte-wise, so a combining mark after `;` cannot hide an entity; nil for a bare `&`.
    private static func unescape(_ bytes: [UInt8]) -> [UInt8]? {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "&") else {
                result.append(bytes[index])
                index += 1
                continue
            }
            guard let match = entities.first(where: { bytes[index...].starts(with: $0.entity) }) else { return nil }
            result.append(match.byte)
            index += match.entity.count
        }
        return result
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTemplate.check(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
