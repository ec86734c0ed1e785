import Foundation

/// One sample context from `Previews/<message>/<variant>.json`, for the preview pages, `herald check`
/// and the golden tests. Samples use fake tokens and are rendered as if sent at `referenceTime`, so
/// relative phrases ("tomorrow", "valid for 24 hours") stay the same whenever they are rendered.
package struct PreviewSample: Sendable {
    package let kind: MessageKind
    package let variant: String
    /// The file the sample came from (for error messages).
    package let path: String
    package let context: JSONValue
    /// The sample's `attachments` list, as a send request carries it, from the file
    /// `<variant>.attachments.json` beside the sample; nil when there is none.
    package let attachments: JSONValue?

    /// 2026-03-03T09:00:00Z: the send time every preview and golden file is rendered at.
    package static let referenceTime = Date(timeIntervalSince1970: 1_772_528_400)

    /// The recipient of preview and `herald render` messages when none is given.
    package static let placeholderRecipient = EmailAddress(email: "recipient@example.com", name: "Preview Recipient")

    /// The ending of a sample's attachments file (`first-installment.attachments.json`), which is not a sample itself.
    public static let attachmentsSuffix = ".attachments.json"

    /// Every sample below `directory`, sorted by message then variant, plus the files that could not be read.
    package static func load(directory: URL) -> (samples: [PreviewSample], problems: [String]) {
        var samples: [PreviewSample] = []
        var problems: [String] = []
        let files = FileManager.default
        for kind in MessageKind.allCases {
            let folder = directory.appendingPathComponent(kind.rawValue)
            guard let names = try? files.contentsOfDirectory(atPath: folder.path) else {
                problems.append("\(folder.path): no preview samples for \(kind.rawValue)")
                continue
            }
            for name in names.sorted() where name.hasSuffix(".json") && !name.hasSuffix(attachmentsSuffix) {
                let path = folder.appendingPathComponent(name).path
                let variant = String(name.dropLast(5))
                let attachmentsPath = folder.appendingPathComponent(variant + attachmentsSuffix).path
                do {
                    let context = try JSONValue(parsing: try Data(contentsOf: URL(fileURLWithPath: path)))
                    var attachments: JSONValue?
                    if files.fileExists(atPath: attachmentsPath) {
                        do {
                            attachments = try JSONValue(parsing: try Data(contentsOf: URL(fileURLWithPath: attachmentsPath)))
                        } catch {
                            problems.append("\(attachmentsPath):1:1: \(error)")
                            continue
                        }
                    }
                    samples.append(PreviewSample(kind: kind, variant: variant, path: path, context: context, attachments: attachments))
                } catch {
                    problems.append("\(path):1:1: \(error)")
                }
            }
        }
        return (samples, problems)
    }
}
