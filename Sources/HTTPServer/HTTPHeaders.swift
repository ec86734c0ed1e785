/// An ordered list of header fields with case-insensitive lookup by name.
///
/// Order and repetition are kept because framing rules depend on them (a repeated
/// `Content-Length` or `Host` is an error, not "last one wins").
public struct HTTPHeaders: Sendable, Hashable, Sequence {
    public private(set) var fields: [(name: String, value: String)]

    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    /// The first value for `name`, compared case-insensitively.
    public subscript(name: String) -> String? {
        fields.first { HTTPHeaders.sameName($0.name, name) }?.value
    }

    /// Every value for `name`, in the order received.
    public func values(_ name: String) -> [String] {
        fields.filter { HTTPHeaders.sameName($0.name, name) }.map(\.value)
    }

    public mutating func add(_ name: String, _ value: String) {
        fields.append((name, value))
    }

    /// Replaces every field called `name` with one field.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name, value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { HTTPHeaders.sameName($0.name, name) }
    }

    /// Whether two field names are equal ignoring ASCII case (field names are tokens, so ASCII is
    /// all there is to fold), without building lower-cased copies on every lookup.
    static func sameName(_ lhs: String, _ rhs: String) -> Bool {
        // Lengths first: most names compared (each response's fields against the framing ones) differ in length.
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        var lhs = lhs.utf8.makeIterator()
        var rhs = rhs.utf8.makeIterator()
        while true {
            switch (lhs.next(), rhs.next()) {
            case (nil, nil): return true
            case (let left?, let right?): if left.asciiLowercased != right.asciiLowercased { return false }
            default: return false
            }
        }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.name)
            hasher.combine(field.value)
        }
    }
}

extension UInt8 {
    var asciiLowercased: UInt8 { self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z") ? self | 0x20 : self }
}

extension Substring {
    /// One element of a comma-separated header value without the spaces and tabs around it
    /// (`Connection: keep-alive , Upgrade`, `Transfer-Encoding: gzip, chunked`).
    func trimmingSpaces() -> String {
        String(self.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
