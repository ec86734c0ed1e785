import Delivery
import Foundation

extension OutboxRecord {
    /// Decodes the recorded context back into the message's typed context struct.
    public func decodeContext<Context: Decodable>(_ type: Context.Type) throws(TestOutboxError) -> Context {
        guard let context else { throw .noContext(id: id) }
        do {
            return try JSONDecoder().decode(Context.self, from: Data(context.utf8))
        } catch {
            throw .contextMismatch(id: id, type: String(describing: Context.self), detail: "\(error)")
        }
    }
}
