import Foundation

/// Many HTML documents laid out in one Chromium run: one local page holds each document in an
/// iframe (`srcdoc`, same origin as the page) of the given width, runs a probe script on each once
/// it has loaded, and writes every result into the page, which `--dump-dom` returns. One browser
/// start for all of them keeps a check over every message × locale × width to a few seconds.
public struct FrameBatch: Sendable {
    /// One document to lay out in a frame `width` CSS pixels wide.
    public struct Frame: Sendable {
        public let html: String
        public let width: Int
        public init(html: String, width: Int) {
            self.html = html
            self.width = width
        }
    }

    /// The body of `async function probe(frame, window, document)`, returning a JSON-serialisable
    /// value; `prelude` is script text run in the page before any frame loads (e.g. a library the
    /// probe injects into each frame).
    public let probe: String
    public let prelude: String
    /// How many frames are laid out and probed at once.
    public let concurrency: Int

    public init(probe: String, prelude: String = "", concurrency: Int = 8) {
        self.probe = probe
        self.prelude = prelude
        self.concurrency = max(1, concurrency)
    }

    /// Each frame's probe result as JSON data, in the order of `frames`. A frame whose probe threw
    /// gives `{"error": "…"}`.
    public func run(_ frames: [Frame], in chromium: HeadlessChromium, colorScheme: HeadlessChromium.ColorScheme = .light,
                    timeout: TimeInterval = 120) throws -> [Data] {
        guard !frames.isEmpty else { return [] }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("herald-frames-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("batch.html")
        try Data(try pageHTML(frames).utf8).write(to: page)
        // Virtual time stands still while scripts run, so the budget bounds waiting, not work.
        let dom = try chromium.dumpDOM(page.absoluteString, budget: 60_000, colorScheme: colorScheme, timeout: timeout)
        guard let start = dom.range(of: Self.startMarker), let end = dom.range(of: Self.endMarker, range: start.upperBound..<dom.endIndex) else {
            throw HeadlessChromium.ChromiumError.noResult("the batch page wrote no results (\(dom.count) bytes of DOM)")
        }
        let text = Self.unescapeHTML(String(dom[start.upperBound..<end.lowerBound]))
        guard let results = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any], results.count == frames.count else {
            throw HeadlessChromium.ChromiumError.noResult("expected \(frames.count) results, got \(text.prefix(200))")
        }
        return try results.map { try JSONSerialization.data(withJSONObject: $0, options: [.fragmentsAllowed, .sortedKeys]) }
    }

    private static let startMarker = "<pre id=\"results\">"
    private static let endMarker = "</pre>"

    private func pageHTML(_ frames: [Frame]) throws -> String {
        let list = frames.map { ["html": $0.html, "width": $0.width] as [String: Any] }
        // `<` is escaped so no document text can close the script element it is embedded in.
        let json = String(decoding: try JSONSerialization.data(withJSONObject: list), as: UTF8.self)
            .replacingOccurrences(of: "<", with: "\\u003c")
        let prelude = prelude.replacingOccurrences(of: "</script", with: "<\\/script")
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>frames</title></head>
            <body style="margin:0">
            <pre id="results"></pre>
            <script>\(prelude)</script>
            <script>
            const frames = \(json);
            async function probe(frame, window, document) {
            \(probe)
            }
            function show(frame) {
              return new Promise((resolve) => {
                const element = document.createElement('iframe');
                element.style.cssText = 'display:block;border:0;height:3000px;width:' + frame.width + 'px';
                element.onload = async () => {
                  let result;
                  try { result = await probe(element, element.contentWindow, element.contentDocument); }
                  catch (error) { result = { error: String(error) }; }
                  element.remove();
                  resolve(result);
                };
                element.srcdoc = frame.html;
                document.body.appendChild(element);
              });
            }
            (async () => {
              const results = new Array(frames.length);
              let next = 0;
              async function worker() {
                while (next < frames.length) { const index = next++; results[index] = await show(frames[index]); }
              }
              await Promise.all(Array.from({ length: \(concurrency) }, worker));
              document.getElementById('results').textContent = JSON.stringify(results);
            })();
            </script>
            </body></html>
            """
    }

    /// `--dump-dom` serialises the results' text with `&amp;`, `&lt;` and `&gt;`.
    private static func unescapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
}
