extension Renderer {
    /// Renders `program` into `buffer`, replacing its contents, by writing straight into the
    /// array's own memory: a render that fits the capacity (every render after the first into a
    /// reused buffer) allocates no output and copies none (copying 10 KB out of a buffer of its own
    /// was an eighth of a render's instructions). Only a render larger than the capacity is copied
    /// once, from the memory it grew into.
    static func render(
        _ program: Program, _ root: TemplateValue, into buffer: inout [UInt8], library: TemplateLibrary,
        options: RenderOptions
    ) throws(TemplateError) {
        buffer.removeAll(keepingCapacity: true)
        var failure: TemplateError?
        var grown: [UInt8]?
        buffer.append(addingCapacity: max(buffer.capacity, 4096)) { span in
            span.withUnsafeMutableBufferPointer { memory, initialized in
                guard let output = OutputBuffer(writingInto: memory) else { return }
                var renderer = Renderer(output: output, root: root, library: library, options: options)
                do throws(TemplateError) {
                    try renderer.render(program)
                } catch {
                    failure = error
                    return
                }
                if renderer.output.isLent {
                    initialized = renderer.output.count
                } else {
                    var bytes: [UInt8] = []
                    renderer.output.copy(into: &bytes)
                    grown = bytes
                }
            }
        }
        if let failure { throw failure }
        if let grown { buffer = grown }
    }
}
