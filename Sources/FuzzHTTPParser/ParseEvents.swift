import FuzzSupport
import HTTPServer

/// What a connection sees when its bytes arrive in `chunks`: every complete request (pipelined ones
/// included) as it is consumed from the buffer, then the error that ends the connection, if any.
struct ParseEvents {
    private(set) var events: [String] = []

    init(parser: RequestParser, chunks: [ArraySlice<UInt8>]) {
        var buffer: [UInt8] = []
        for chunk in chunks {
            buffer += chunk
            while !buffer.isEmpty {
                switch parser.parseRequest(buffer) {
                case .incomplete:
                    break
                case .failure(let error):
                    events.append("failure \(error)")
                    return
                case .request(let request, let length):
                    fuzzRequire(length > 0 && length <= buffer.count, "request length \(length) outside the buffer of \(buffer.count)")
                    fuzzRequire(request.body.count <= parser.limits.maxBodyBytes, "body of \(request.body.count) bytes over the limit")
                    fuzzRequire(request.headers.fields.count <= parser.limits.maxHeaderCount, "\(request.headers.fields.count) headers over the limit")
                    for field in request.headers {
                        fuzzRequire(!field.value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }), "CR, LF or NUL in header \(field.name)")
                    }
                    events.append(Self.describe(request, length: length))
                    buffer.removeFirst(length)
                    continue
                }
                break
            }
        }
    }

    private static func describe(_ request: ServerRequest, length: Int) -> String {
        let headers = request.headers.map { "\($0.name)=\($0.value)" }.joined(separator: "|")
        let query = request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        return "\(length) \(request.method.rawValue) \(request.target) \(request.version.rawValue) [\(headers)] "
            + "\(request.pathSegments) ?\(query) body=\(request.body)"
    }
}
