import Foundation

/// An independent DKIM verifier: dkimpy (`import dkim`, installed by `.ci/install-deps --test`) with
/// the public keys given locally instead of looked up in DNS, so a signature Herald writes is checked
/// by software other than its own.
public enum DKIMVerifier {
    private static let script = """
        import sys, json, dkim
        records = json.loads(open(sys.argv[1]).read())
        def lookup(name, timeout=5):
            return records.get(name.decode().rstrip("."), "").encode()
        def check(message, index):
            try:
                return bool(dkim.DKIM(message).verify(idx=index, dnsfunc=lookup))
            except dkim.DKIMException:
                return False
        for path in sys.argv[2:]:
            message = open(path, "rb").read()
            count = message.count(b"\\nDKIM-Signature:") + (1 if message.startswith(b"DKIM-Signature:") else 0)
            results = [check(message, i) for i in range(count)] or [False]
            print(" ".join("pass" if r else "fail" for r in results))
        """

    /// For each message, one word per `DKIM-Signature` it carries (top first): `pass` or `fail`.
    /// `records` maps `<selector>._domainkey.<domain>` to its TXT record.
    public static func verify(_ messages: [String], records: [String: String]) throws -> [[String]] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("herald-dkim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let recordsFile = folder.appendingPathComponent("records.json")
        try JSONSerialization.data(withJSONObject: records).write(to: recordsFile)
        var paths: [String] = []
        for (index, message) in messages.enumerated() {
            let file = folder.appendingPathComponent("\(index).eml")
            try Data(message.utf8).write(to: file)
            paths.append(file.path)
        }
        let output = try run(["python3", "-c", script, recordsFile.path] + paths)
        return output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    }

    /// A fresh RSA key in PEM from the openssl CLI; `bits` below 2048 make a key Herald must refuse.
    public static func generateKey(bits: Int = 2048, algorithm: String = "RSA", encrypted: Bool = false) throws -> String {
        var arguments = ["openssl", "genpkey", "-algorithm", algorithm]
        if algorithm == "RSA" { arguments += ["-pkeyopt", "rsa_keygen_bits:\(bits)"] }
        if algorithm == "EC" { arguments += ["-pkeyopt", "ec_paramgen_curve:P-256"] }
        if encrypted { arguments += ["-aes-128-cbc", "-pass", "pass:secret"] }
        return try run(arguments)
    }

    /// The TXT record of `pem`'s public key, derived by the openssl CLI (not by Herald's code).
    public static func publicRecord(ofKey pem: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("herald-dkim-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let keyFile = folder.appendingPathComponent("key.pem")
        try Data(pem.utf8).write(to: keyFile)
        let publicPEM = try run(["openssl", "pkey", "-in", keyFile.path, "-pubout"])
        let base64 = publicPEM.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return "v=DKIM1; k=rsa; p=\(base64)"
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private static func run(_ arguments: [String]) throws -> String {
        let result = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: arguments, timeout: 60)
        guard result.status == 0 else {
            throw Failure(description: "\(arguments[0]) \(arguments[1]) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }
}
