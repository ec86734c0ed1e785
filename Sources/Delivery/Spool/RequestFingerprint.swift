import Foundation
import Messages

/// A compact identity of a send request's content, so a repeated request with the same key can be told
/// from a different one without storing the body twice. Not a security hash: keys are the caller's own.
public enum RequestFingerprint {
    /// The fingerprint of a send request's content (message, recipients, locale, context, key, sendAt,
    /// and each attachment's name, type and digest, left out when there are none so that fingerprints
    /// stored before attachments existed still match),
    /// independent of JSON member order and whitespace. The HTTP API and `herald send` both submit
    /// through Herald's one submission pipeline, which calls this, so the same request sent either way
    /// is one message.
    ///
    /// The hashed text is the request's canonical JSON: members sorted by name, absent ones left out,
    /// `sendAt` as seconds since 1970, byte for byte what `JSONEncoder` with `.sortedKeys` wrote when
    /// the stored fingerprints were made (it is written directly now: `JSONEncoder` was 7 % of an
    /// accepted message's cost).
    public static func of(_ request: SendRequest) -> String {
        var canonical = JSONOutput(capacity: 512)
        canonical.byte(UInt8(ascii: "{"))
        if !request.attachments.isEmpty {
            canonical.raw(#""attachments":"#)
            canonical.list(request.attachments) { $0.attachment($1.summary) }
            canonical.byte(UInt8(ascii: ","))
        }
        canonical.raw(#""context":"#)
        canonical.value(request.context)
        if let key = request.key {
            canonical.raw(#","key":"#)
            canonical.string(key)
        }
        if let locale = request.locale {
            canonical.raw(#","locale":"#)
            canonical.string(locale)
        }
        canonical.raw(#","message":"#)
        canonical.string(request.message)
        if let sendAt = request.sendAt {
            canonical.raw(#","sendAt":"#)
            canonical.double(sendAt.date.timeIntervalSince1970)
        }
        canonical.raw(#","to":"#)
        canonical.list(request.to) { $0.address($1) }
        canonical.byte(UInt8(ascii: "}"))
        return FNV128.hex(canonical.bytes)
    }
}
