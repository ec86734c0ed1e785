import Template
import Testing

/// `render(_:into:)` writes into the caller's array in place when the render fits its capacity,
/// and grows otherwise: both must give exactly the bytes of a render to a string.
@Suite("Rendering into a caller's buffer")
struct RenderIntoBufferTests {
    private let template: CompiledTemplate
    private let library = TemplateLibrary()

    init() throws {
        template = try CompiledTemplate(source: "{{#rows}}<p>{{name}} &amp; {{count}}</p>\n{{/rows}}{{missing}}")
    }

    private func rows(_ count: Int) -> TemplateValue {
        .object(["rows": .list((0..<count).map { .object(["name": .string("row <\($0)>"), "count": .int($0 - 3)]) })])
    }

    @Test("a render larger than the buffer's capacity, then smaller ones in the same buffer, give the string render's bytes")
    func growsThenReusesTheBuffer() throws {
        var buffer: [UInt8] = []
        for count in [500, 3, 0, 200, 500] {
            try template.render(rows(count), into: &buffer, library: library)
            #expect(String(decoding: buffer, as: UTF8.self) == (try template.render(rows(count), library: library)))
        }
    }

    @Test("a buffer shared with another array is left to that array")
    func aSharedBufferIsNotWrittenThrough() throws {
        var buffer: [UInt8] = Array(repeating: 65, count: 8_000)
        let shared = buffer
        try template.render(rows(2), into: &buffer, library: library)
        #expect(String(decoding: buffer, as: UTF8.self) == (try template.render(rows(2), library: library)))
        #expect(shared == Array(repeating: 65, count: 8_000))
    }

    @Test("a failing render throws its error and leaves the buffer empty")
    func aFailureEmptiesTheBuffer() throws {
        var buffer = Array("previous".utf8)
        #expect(throws: TemplateError.self) {
            try template.render(rows(2), into: &buffer, library: library, options: RenderOptions(mode: .strict))
        }
        #expect(buffer.isEmpty)
    }
}
