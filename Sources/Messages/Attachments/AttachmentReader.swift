/// Reads a send request's `attachments` (README "Attachments"): every problem with its field path
/// (`attachments[2].content`), shape problems as `invalid` (400) and limits as `unprocessable` (422).
/// Sizes are computed from the base64 text before anything is decoded, and a list longer than the
/// limit is refused whole, so a hostile request costs no more than its own bytes.
enum AttachmentReader {
    private static let fields: Set<String> = ["filename", "contentType", "content"]

    static func attachments(_ json: JSONValue) -> ([Attachment], FieldProblems) {
        var problems = FieldProblems()
        let root = FieldPath("attachments")
        guard case .array(let items) = json else {
            problems.append(FieldProblem(path: root, problem: "expected a list of {\"filename\",\"contentType\",\"content\"}, got \(json.typeName)"))
            return ([], problems)
        }
        guard items.count <= AttachmentLimits.maximumCount else {
            problems.append(FieldProblem(path: root, problem: "has \(items.count) attachments, at most \(AttachmentLimits.maximumCount) are allowed", kind: .unprocessable))
            return ([], problems)
        }
        var attachments: [Attachment] = []
        var totalBytes = 0
        for (index, item) in items.enumerated() {
            let path = root.appending(index: index)
            guard case .object(let members) = item else {
                problems.append(FieldProblem(path: path, problem: "expected an object {\"filename\",\"contentType\",\"content\"}, got \(item.typeName)"))
                continue
            }
            func string(_ name: String) -> String? {
                switch members[name] {
                case .string(let text)?: return text
                case nil, .null?: problems.append(FieldProblem(path: path.appending(name), problem: "is required"))
                case let other?: problems.append(FieldProblem(path: path.appending(name), problem: "expected a string, got \(other.typeName)"))
                }
                return nil
            }
            var filename = string("filename")
            if let name = filename, let problem = filenameProblem(name) {
                problems.append(FieldProblem(path: path.appending("filename"), problem: problem.text, kind: problem.kind))
                filename = nil
            }
            var contentType = string("contentType")
            if let type = contentType {
                let normalized = type.lowercased()
                if AttachmentLimits.allowedContentTypes.contains(normalized) {
                    contentType = normalized
                } else {
                    problems.append(FieldProblem(
                        path: path.appending("contentType"),
                        problem: "expected one of \(AttachmentLimits.allowedContentTypes.joined(separator: ", ")) (without parameters)",
                        kind: .unprocessable))
                    contentType = nil
                }
            }
            var content: [UInt8]?
            if let text = string("content") {
                let contentPath = path.appending("content")
                switch Base64.strictDecodedCount(text) {
                case .failure(let problem):
                    problems.append(FieldProblem(path: contentPath, problem: base64Text(problem)))
                case .success(0):
                    problems.append(FieldProblem(path: contentPath, problem: "is empty: an attachment needs at least one byte", kind: .unprocessable))
                case .success(let count) where count > AttachmentLimits.maximumFileBytes:
                    problems.append(FieldProblem(path: contentPath, problem: "is \(count) bytes decoded, more than the \(AttachmentLimits.maximumFileBytes) allowed per attachment", kind: .unprocessable))
                case .success(let count):
                    totalBytes += count
                    if totalBytes > AttachmentLimits.maximumTotalBytes {
                        problems.append(FieldProblem(path: contentPath, problem: "brings the attachments to \(totalBytes) bytes decoded, more than the \(AttachmentLimits.maximumTotalBytes) allowed per message", kind: .unprocessable))
                    } else {
                        content = Base64.strictDecode(text)
                    }
                }
            }
            for name in members.keys.sorted() where !fields.contains(name) {
                problems.append(FieldProblem(path: path.appending(name), problem: "is not a field of an attachment"))
            }
            if let filename, let contentType, let content {
                attachments.append(Attachment(filename: filename, contentType: contentType, content: content))
            }
        }
        return (attachments, problems)
    }

    /// A file name a mail client can save as is: no directory part (`/`, `\`, `.`, `..`), nothing
    /// that could end a header or a quoted string (control characters, `"`), no invisible
    /// characters that disguise an extension (bidi overrides), at most `maximumFilenameBytes`.
    static func filenameProblem(_ name: String) -> (text: String, kind: FieldProblem.Kind)? {
        if name.isEmpty { return ("must not be empty", .invalid) }
        if name.utf8.count > AttachmentLimits.maximumFilenameBytes {
            return ("is \(name.utf8.count) bytes, at most \(AttachmentLimits.maximumFilenameBytes) are allowed", .unprocessable)
        }
        // Controls and separators are malformed (400, as the published pattern says); invisible,
        // private and unassigned characters and the names "." and ".." are well-formed text that is
        // no file name (422): JSON Schema's patterns cannot name Unicode categories.
        for scalar in name.unicodeScalars {
            let visibility = "must not contain control or invisible characters (U+\(String(scalar.value, radix: 16, uppercase: true)))"
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: return (visibility, .invalid)
            case .format, .surrogate, .privateUse, .unassigned: return (visibility, .unprocessable)
            default: break
            }
            if scalar == "/" || scalar == "\\" { return ("must be a file name without a directory (no / or \\)", .invalid) }
            if scalar == "\"" { return ("must not contain a double quote", .invalid) }
        }
        if name == "." || name == ".." { return ("must be a file name, not \"\(name)\"", .unprocessable) }
        if name.first?.isWhitespace == true || name.last?.isWhitespace == true {
            return ("must not start or end with white space", .invalid)
        }
        return nil
    }

    private static func base64Text(_ problem: Base64.StrictProblem) -> String {
        switch problem {
        case .invalidCharacter(let offset): "is not base64: a character other than A-Z, a-z, 0-9, +, / at offset \(offset) (white space and line breaks are not allowed)"
        case .badLength(let length): "is not base64: \(length) characters is not a multiple of 4 (is the = padding missing?)"
        case .misplacedPadding(let offset): "is not base64: = padding at offset \(offset) is not at the end"
        }
    }
}
