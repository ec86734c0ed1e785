/// What a send request may attach (README "Attachments"). The total is chosen so the base64 of every
/// attachment plus the rest of the request fits Herald's HTTP body limit (`maximumRequestBytes`), and
/// the composed message stays under the 25 MB that large receivers accept.
public enum AttachmentLimits {
    /// Attachments per message.
    public static let maximumCount = 10
    /// Decoded bytes per attachment (10 MiB).
    public static let maximumFileBytes = 10 * 1_024 * 1_024
    /// Decoded bytes of all attachments of a message (15 MiB).
    public static let maximumTotalBytes = 15 * 1_024 * 1_024
    /// UTF-8 bytes of a file name.
    public static let maximumFilenameBytes = 200
    /// The body limit a server taking send requests needs: the base64 of `maximumTotalBytes`
    /// (4 characters per 3 bytes) and 1 MiB for the recipients, the context and the JSON around them.
    public static let maximumRequestBytes = (maximumTotalBytes + 2) / 3 * 4 + 1_024 * 1_024

    /// Types mail clients show or open safely; executables, archives and HTML (which can script or
    /// phish) are refused.
    public static let allowedContentTypes: [String] = [
        "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp",
        "text/plain", "text/csv", "text/calendar",
    ]
}
