extension JSONValue {
    /// The value as `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` writes it, byte
    /// for byte (the form the outbox records and callers compare), written straight into one array
    /// of bytes by `JSONOutput`: going through `Encodable` and `JSONEncoder` was a sixth of composing a
    /// message.
    package var compactText: String {
        var output = JSONOutput(capacity: 1_024)
        output.value(self)
        return String(renderedBytes: output.bytes)
    }
}
