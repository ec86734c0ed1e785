public import Foundation

extension TemplateValue {
    /// Parses a JSON document (a `--data` file); a syntax error says where, as `path:line:col`.
    public init(json data: Data, source: String) throws(TemplateError) {
        do {
            self = try JSONDecoder().decode(TemplateValue.self, from: data)
        } catch {
            throw Self.locate(error, in: data, source: source)
        }
    }

    /// Reads and parses a JSON file.
    public init(contentsOfJSONFile path: String) throws(TemplateError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TemplateError(.unreadableFile(path: path, detail: error.localizedDescription), at: nil)
        }
        try self.init(json: data, source: path)
    }

    /// `JSONDecoder` does not say where the syntax breaks; `JSONSerialization` gives a character
    /// offset, turned here into a line and column.
    private static func locate(_ error: any Error, in data: Data, source: String) -> TemplateError {
        var detail = "\(error)"
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? detail
        }
        guard let range = detail.range(of: " around character "),
            let offset = Int(detail[range.upperBound...].prefix { $0.isNumber }), offset <= data.count
        else {
            return TemplateError(.invalidJSON(detail), at: SourcePosition(template: source, line: 1, column: 1))
        }
        let prefix = data.prefix(offset)
        let line = prefix.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let lineStart = prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let position = SourcePosition(template: source, line: line, column: offset - lineStart + 1)
        return TemplateError(.invalidJSON(String(detail[..<range.lowerBound])), at: position)
    }
}
