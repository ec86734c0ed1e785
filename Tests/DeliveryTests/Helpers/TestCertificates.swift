import Foundation
import TestSupport

/// A throwaway CA and a server certificate for 127.0.0.1/localhost, made with the openssl CLI.
struct TestCertificates: Sendable {
    let directory: String
    var caFile: String { directory + "/ca.pem" }
    var certificate: String { directory + "/server.pem" }
    var key: String { directory + "/server.key" }

    /// Created once per test run; the openssl commands take about a second.
    static let shared: TestCertificates? = try? TestCertificates.make()

    static func make() throws -> TestCertificates {
        let directory = Fixtures.temporaryDirectory()
        let commands: [[String]] = [
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=Herald Test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
            ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"],
            ["openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf"],
        ]
        try Data("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n".utf8)
            .write(to: URL(fileURLWithPath: directory + "/ext.cnf"))
        for command in commands {
            let result = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: command, directory: URL(fileURLWithPath: directory))
            guard result.status == 0 else { throw TestSetupError("openssl failed: \(command.joined(separator: " "))") }
        }
        return TestCertificates(directory: directory)
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
