/// A failure a command words itself (a file it cannot read, JSON that does not parse): the message
/// goes to stderr as it is, and the process exits with `status`.
struct CommandFailure: Error {
    let status: Int32
    let message: String
}
