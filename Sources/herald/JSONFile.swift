import Foundation
import Messages

/// The JSON file a flag names (`--context`, `--attachments`), read the same way by every command.
enum JSONFile {
    /// The file's JSON. A file that cannot be read exits 66; one that is not JSON 65, told as
    /// `FILE:LINE:COL: invalid JSON: …`, with the member under `memberRoot` for a duplicate name.
    static func read(_ path: String, memberRoot: String? = nil) throws(CommandFailure) -> JSONValue {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure(status: 66, message: "\(path): cannot read: \(error.localizedDescription)")
        }
        do {
            return try JSONValue(parsing: data)
        } catch {
            let member = memberRoot.flatMap { root in error.path.map { " (\(root).\($0))" } } ?? ""
            throw CommandFailure(
                status: 65, message: "\(path):\(error.position.line):\(error.position.column): invalid JSON: \(error.detail)\(member)")
        }
    }
}
