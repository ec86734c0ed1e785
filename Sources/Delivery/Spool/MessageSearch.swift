import Foundation

/// The one `SELECT` behind `SpoolStore.messages(matching:)`, written for either store's SQL, so both
/// search alike. Every filter has an index whose trailing columns are `(created_at, id)`: the
/// database finds the matches and their order in it. A recipient search runs on
/// `message_recipients`, whose key is `(address, created_at, id)`.
struct MessageSearch {
    enum Dialect {
        case sqlite
        case postgres
    }

    enum Parameter: Hashable {
        case text(String)
        case real(Double)
        case integer(Int)
    }

    /// The columns the search reads, in this order: a page never decodes the stored message.
    static let columns = "m.id, m.kind, m.state, m.attempts, m.last_error, m.created_at, m.send_at, m.due_at, m.delivered_at, m.request_key, m.replaced_by"

    let sql: String
    let parameters: [Parameter]
    /// The page size asked of the database: one more than the page, to know whether another follows.
    let fetchLimit: Int

    init(_ query: MessageQuery, dialect: Dialect) {
        var parameters: [Parameter] = []
        func placeholder(_ value: Parameter) -> String {
            parameters.append(value)
            return dialect == .sqlite ? "?" : "$\(parameters.count)"
        }
        var from = "messages m"
        var ordered = "m"
        var conditions: [String] = []
        if let recipient = query.recipient {
            from = "message_recipients r JOIN messages m ON m.id = r.id"
            ordered = "r"
            conditions.append("r.address = \(placeholder(.text(recipient)))")
        }
        if !query.statuses.isEmpty {
            let states = query.statuses.map(\.rawValue).sorted().map { placeholder(.text($0)) }
            conditions.append("m.state IN (\(states.joined(separator: ", ")))")
        }
        if let message = query.message { conditions.append("m.kind = \(placeholder(.text(message)))") }
        if let key = query.key { conditions.append("m.request_key = \(placeholder(.text(key)))") }
        if let prefix = query.keyPrefix, !prefix.isEmpty {
            conditions.append("m.request_key >= \(placeholder(.text(prefix)))")
            if let end = query.keyPrefixEnd { conditions.append("m.request_key < \(placeholder(.text(end)))") }
        }
        if let after = query.createdAfter {
            conditions.append("\(ordered).created_at > \(placeholder(.real(after.timeIntervalSinceReferenceDate)))")
        }
        if let before = query.createdBefore {
            conditions.append("\(ordered).created_at < \(placeholder(.real(before.timeIntervalSinceReferenceDate)))")
        }
        if let cursor = query.cursor {
            let time = placeholder(.real(cursor.createdAt.timeIntervalSinceReferenceDate)), id = placeholder(.text(cursor.id))
            conditions.append("(\(ordered).created_at, \(ordered).id) < (\(time), \(id))")
        }
        fetchLimit = query.limit + 1
        let limit = placeholder(.integer(fetchLimit))
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        sql = "SELECT \(Self.columns) FROM \(from)\(filter) ORDER BY \(ordered).created_at DESC, \(ordered).id DESC LIMIT \(limit)"
        self.parameters = parameters
    }

    /// The page of the rows the database returned for this search (at most `fetchLimit`), each row
    /// already read into a status by the store.
    func page(_ statuses: [MessageStatus]) -> MessagePage {
        guard statuses.count >= fetchLimit else { return MessagePage(messages: statuses, next: nil) }
        let page = Array(statuses.prefix(fetchLimit - 1))
        return MessagePage(messages: page, next: page.last.map { MessageCursor(createdAt: $0.createdAt, id: $0.id) })
    }
}
