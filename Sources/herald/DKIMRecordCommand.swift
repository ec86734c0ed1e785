import DKIM
import Foundation
import Herald

/// `herald dkim-record`: prints the DNS TXT record of each configured DKIM key, what the operator
/// publishes at `<selector>._domainkey.<domain>` before Herald's signatures can verify. The key file
/// is read by the same configuration as `serve`, so a key this prints is a key `serve` accepts.
enum DKIMRecordCommand: HeraldCommand {
    static let name = "dkim-record"
    static let summary = "print the DNS TXT record of each configured DKIM key (HERALD_DKIM_*)"
    static let usage = "herald dkim-record --dkim-domain DOMAIN --dkim-selector NAME --dkim-key-file FILE"
    static let options: [CommandOption] = CommandOption.settings([.dkimDomain, .dkimSelector, .dkimKeyFile])

    static func run(_ options: Arguments, configuration: HeraldConfiguration) throws -> Int32 {
        guard options.positionals.isEmpty else {
            Console.error("herald dkim-record: usage: \(usage)")
            return 64
        }
        guard let signer = configuration.dkim else {
            Console.error("herald dkim-record: no DKIM key configured; set HERALD_DKIM_DOMAIN, HERALD_DKIM_SELECTOR and HERALD_DKIM_KEY_FILE")
            return 78
        }
        for key in signer.keys {
            // A TXT string holds at most 255 bytes; longer records are several quoted strings.
            let record = try key.privateKey.dnsRecord()
            var strings: [String] = []
            var rest = Substring(record)
            while !rest.isEmpty {
                strings.append("\"\(rest.prefix(255))\"")
                rest = rest.dropFirst(255)
            }
            Console.output("\(key.selector)._domainkey.\(signer.domain). IN TXT ( \(strings.joined(separator: " ")) )\n")
        }
        return 0
    }
}
