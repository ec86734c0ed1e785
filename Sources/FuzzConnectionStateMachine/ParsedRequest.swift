import HTTPServer

/// Requests as comparable text, and the complete requests the parser finds in a stream before its
/// first error (what a connection may dispatch from it).
enum ParsedRequest {
    static func describe(_ request: ServerRequest) -> String {
        let headers = request.headers.map { "\($0.name)=\($0.value)" }.joined(separator: "|")
        return "\(request.method.rawValue) \(request.target) \(request.version.rawValue) [\(headers)] body=\(request.body)"
    }

    static func all(in stream: [UInt8], parser: RequestParser) -> [String] {
        var requests: [String] = []
        var buffer = stream[...]
        while !buffer.isEmpty, case .request(let request, let length) = parser.parseRequest(buffer) {
            requests.append(describe(request))
            buffer = buffer.dropFirst(length)
        }
        return requests
    }
}
