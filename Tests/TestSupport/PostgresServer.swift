import Foundation
import Locking
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL server for the tests that need one: `initdb` into a temporary directory,
/// started with `pg_ctl` on a free port of 127.0.0.1, stopped by its PID. PostgreSQL refuses to run as
/// root, so when the tests do (CI) the server runs as the `postgres` system user, in a directory it owns.
///
/// Tests share one server while any of them holds it (`withShared`); each test makes its own
/// database (`createDatabase`), so they never see each other's rows.
public final class PostgresServer: Sendable {
    public enum SetupError: Error, CustomStringConvertible {
        case missingBinaries(String)
        case failed(String, String)
        public var description: String {
            switch self {
            case .missingBinaries(let detail):
                "PostgreSQL server binaries not found (\(detail)): install the Debian postgresql package (bash .ci/install-deps --test)"
            case .failed(let step, let output): "PostgreSQL test server: \(step) failed:\n\(output)"
            }
        }
    }

    public let port: Int
    public let user = "herald"
    public let password: String
    /// The server's own folder: its data, its log, its socket.
    public let directory: String
    public let pid: Int32
    private let binaries: URL
    private let databases = Locked(0)

    private struct Shared {
        var server: PostgresServer?
        var users = 0
    }
    private static let shared = Locked(Shared())

    /// The server a test scope provides (see the suites' `postgresServer` trait).
    @TaskLocal public static var current: PostgresServer?

    /// Runs `body` with the shared server, starting it if no one holds it, stopping it when the last
    /// holder is done.
    public static func withShared<T>(_ body: (PostgresServer) async throws -> T) async throws -> T {
        let server = try shared.withLock { state throws -> PostgresServer in
            let server = try state.server ?? PostgresServer()
            state.server = server
            state.users += 1
            return server
        }
        defer {
            shared.withLock { state in
                state.users -= 1
                if state.users == 0 {
                    state.server?.stop()
                    state.server = nil
                }
            }
        }
        return try await body(server)
    }

    /// Initializes and starts a new server (a few seconds).
    public init() throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let newest = versions.compactMap(Int.init).max() else { throw SetupError.missingBinaries("no /usr/lib/postgresql/VERSION") }
        binaries = URL(fileURLWithPath: "/usr/lib/postgresql/\(newest)/bin")
        for tool in ["initdb", "pg_ctl", "postgres", "psql"] where !FileManager.default.isExecutableFile(atPath: binaries.appendingPathComponent(tool).path) {
            throw SetupError.missingBinaries("no \(tool) in \(binaries.path)")
        }
        var template = Array("/tmp/herald-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw SetupError.failed("mkdtemp", String(cString: strerror(errno))) }
        directory = String(cString: made)
        password = "pw-" + UUID().uuidString
        let passwordFile = directory + "/password"
        try Data(password.utf8).write(to: URL(fileURLWithPath: passwordFile))
        if getuid() == 0 {
            guard let account = getpwnam("postgres") else { throw SetupError.missingBinaries("no postgres system user") }
            for path in [directory, passwordFile] { chown(path, account.pointee.pw_uid, account.pointee.pw_gid) }
        }
        port = try LoopbackPort.free()
        let data = directory + "/data"
        try Self.asServerUser(binaries.appendingPathComponent("initdb"), [
            "-D", data, "-U", user, "--pwfile=\(passwordFile)", "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync",
        ], step: "initdb")
        let settings = "-c listen_addresses=127.0.0.1 -p \(port) -c unix_socket_directories=\(directory) -c fsync=off "
            + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=400"
        // The server outlives pg_ctl, so it must not inherit any descriptor of this process (the runner
        // notices an exit when its descriptors close): all are closed, and pg_ctl's output goes to a file.
        let output = directory + "/pg_ctl.out"
        let closeInherited = "for fd in /proc/$$/fd/*; do n=${fd##*/}; [ \"$n\" -gt 2 ] && eval \"exec $n>&-\" 2>/dev/null; done"
        do {
            try Self.asServerUser(URL(fileURLWithPath: "/bin/bash"), [
                "-c", "\(closeInherited); exec \"$0\" \"$@\" </dev/null >\(output) 2>&1", binaries.appendingPathComponent("pg_ctl").path,
                "-D", data, "-l", directory + "/log", "-w", "-t", "30", "-o", settings, "start",
            ], step: "pg_ctl start")
        } catch {
            throw SetupError.failed("pg_ctl start", "\(error)\n" + ((try? String(contentsOfFile: output, encoding: .utf8)) ?? ""))
        }
        guard let first = (try? String(contentsOfFile: data + "/postmaster.pid", encoding: .utf8))?.split(separator: "\n").first,
              let pid = Int32(first) else {
            throw SetupError.failed("reading postmaster.pid", (try? String(contentsOfFile: directory + "/log", encoding: .utf8)) ?? "")
        }
        self.pid = pid
    }

    /// A new, empty database; its name.
    public func createDatabase() throws -> String {
        let name = "herald_test_\(databases.withLock { count -> Int in count += 1; return count })"
        _ = try psql("CREATE DATABASE \(name) STRATEGY FILE_COPY")
        return name
    }

    /// A `postgres://` URI of `database` for the test user, with the password unless `password` is false
    /// (then it comes from `HERALD_STORE_PASSWORD_FILE`).
    public func uri(database: String, password: Bool = true) -> String {
        "postgres://\(user)\(password ? ":" + self.password : "")@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// Runs SQL with `psql` in `database`; its output, unaligned, one row per line.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        let result = try ChildProcess.run(
            binaries.appendingPathComponent("psql"),
            arguments: ["-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
            environment: ["PGPASSWORD": password, "PATH": "/usr/bin:/bin"], timeout: 30)
        guard result.status == 0 else { throw SetupError.failed("psql \(sql)", result.stderr) }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops the server by its PID (fast shutdown, SIGKILL if it lingers) and removes its folder.
    public func stop() {
        kill(pid, SIGINT)
        if !waitUntil(timeout: 20, interval: 0.05, { kill(pid, 0) != 0 }) { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs a server program to completion, as the `postgres` user when this process is root.
    private static func asServerUser(_ tool: URL, _ arguments: [String], step: String) throws {
        let root = getuid() == 0
        let result = try ChildProcess.run(
            root ? URL(fileURLWithPath: "/usr/sbin/runuser") : tool, arguments: root ? ["-u", "postgres", "--", tool.path] + arguments : arguments,
            environment: ["PATH": "/usr/bin:/bin", "LANG": "C"], timeout: 60)
        guard result.status == 0 else { throw SetupError.failed(step, "exit status \(result.status)\n" + result.stdout + result.stderr) }
    }
}
