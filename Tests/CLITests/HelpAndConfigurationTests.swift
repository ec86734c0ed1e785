import Foundation
import TestSupport
import Testing

/// Every command's `--help`, usage errors that point to it, and one configuration for every command
/// (README "Configuration"): the real binary, run from the repository root.
@Suite("herald help and configuration")
struct HelpAndConfigurationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let context = "Previews/installment-paid/first-installment.json"

    /// The commands `herald help` lists, one per line under `commands:`.
    func listedCommands() throws -> [String] {
        let help = try HeraldBinary.run(["help"], in: Self.root)
        #expect(help.status == 0)
        guard let list = help.stdout.components(separatedBy: "commands:\n").last else { return [] }
        return list.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    @Test func helpListsEveryCommand() throws {
        #expect(try listedCommands() == ["serve", "template", "render", "check", "send", "deliver", "outbox", "dkim-record", "schema"])
        let dashed = try HeraldBinary.run(["--help"], in: Self.root)
        #expect(dashed.status == 0 && dashed.stdout.contains("herald help <command>"))
        let bare = try HeraldBinary.run([], in: Self.root)
        #expect(bare.status == 64 && bare.stderr.contains("commands:"))
    }

    @Test func everyCommandAnswersHelpWithItsFlagsVariablesAndDefaults() throws {
        for command in try listedCommands() {
            let help = try HeraldBinary.run([command, "--help"], in: Self.root)
            #expect(help.status == 0, "\(command): \(help.stderr)")
            #expect(help.stdout.hasPrefix("usage: herald \(command)"), "\(command): \(help.stdout)")
            #expect(help.stdout.contains("--help"))
            let viaHelp = try HeraldBinary.run(["help", command], in: Self.root)
            #expect(viaHelp.status == 0 && viaHelp.stdout == help.stdout, "herald help \(command) is herald \(command) --help")
        }
        let send = try HeraldBinary.run(["send", "-h"], in: Self.root).stdout
        for expected in ["--to ADDR", "--wait", "default 120", "--from ADDRESS", "env HERALD_FROM, default Herald <no-reply@localhost>",
                         "--store sqlite:PATH", "env HERALD_STORE, default sqlite:./var/herald.db", "--smtp-password-file FILE", "env HERALD_SMTP_PASSWORD_FILE",
                         "--retry-max-attempts COUNT", "env HERALD_RETRY_MAX_ATTEMPTS, default 10", "--brand-url URL", "env HERALD_BRAND_URL"] {
            #expect(send.contains(expected), "send --help shows \(expected)")
        }
        #expect(!send.contains("--listen"), "send does not listen")
        let serve = try HeraldBinary.run(["serve", "--help"], in: Self.root).stdout
        for expected in ["--listen HOST:PORT", "env HERALD_LISTEN, default 127.0.0.1:8025", "--api-token-file FILE", "env HERALD_API_TOKEN_FILE",
                         "--previews on|off", "default on when listening on 127.x, else off", "env HERALD_SPOOL_CAPACITY, default 100000"] {
            #expect(serve.contains(expected), "serve --help shows \(expected)")
        }
        let check = try HeraldBinary.run(["check", "--help"], in: Self.root).stdout
        #expect(check.contains("--previews DIR") && check.contains("env HERALD_PREVIEWS_DIR, default ./Previews"))
        let outbox = try HeraldBinary.run(["outbox", "--help"], in: Self.root).stdout
        #expect(outbox.contains("--outbox FILE") && outbox.contains("env HERALD_OUTBOX, default ./var/outbox.jsonl"))
    }

    @Test func anUnknownFlagNamesTheCommandsHelp() throws {
        for command in try listedCommands() {
            let result = try HeraldBinary.run([command, "--bogus"], in: Self.root)
            #expect(result.status == 64, "\(command)")
            #expect(result.stderr.contains("herald \(command): unknown option --bogus"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("see `herald \(command) --help`"), "\(command): \(result.stderr)")
        }
        let valueless = try HeraldBinary.run(["render", "check-in", "--context"], in: Self.root)
        #expect(valueless.status == 64 && valueless.stderr.contains("option --context needs a value"))
        #expect(valueless.stderr.contains("see `herald render --help`"))
        let unknown = try HeraldBinary.run(["help", "nothing"], in: Self.root)
        #expect(unknown.status == 64 && unknown.stderr.contains("herald: no command 'nothing'"))
    }

    /// Brand and sender problems set through variables and flags at once.
    static let badBrandAndSender = (
        environment: ["HERALD_BRAND_URL": "ftp://atelier.example", "HERALD_SUPPORT_EMAIL": "nobody"],
        flags: ["--brand-logo-url", "logo.png", "--from", "Herald <no-reply@mail_relay.local>"]
    )
    static let badBrandAndSenderLines = [
        "HERALD_BRAND_URL (--brand-url): expected an absolute http(s) URL, got \"ftp://atelier.example\"",
        "HERALD_BRAND_LOGO_URL (--brand-logo-url): expected an absolute http(s) URL, got \"logo.png\"",
        "HERALD_SUPPORT_EMAIL (--support-email): expected an address like support@example.com, got \"nobody\"",
        "HERALD_FROM (--from): expected \"Name <address@domain>\" or an address",
    ]

    @Test func serveSendAndRenderReportEveryBrandAndSenderProblemAtOnceTheSameWay() throws {
        let scratch = try ScratchFolder()
        let runs = [
            ["serve", "--listen", "127.0.0.1:0", "--store", scratch.url.appendingPathComponent("var/herald.db").path],
            ["send", "installment-paid", "--to", "zoe@example.com", "--context", Self.context,
             "--store", scratch.url.appendingPathComponent("var/herald.db").path],
            ["render", "installment-paid", "--context", Self.context],
        ]
        var reports: [[String]] = []
        for arguments in runs {
            let result = try HeraldBinary.run(arguments + Self.badBrandAndSender.flags, in: Self.root, environment: Self.badBrandAndSender.environment)
            #expect(result.status == 78, "\(arguments[0]): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments[0]) did nothing")
            for line in Self.badBrandAndSenderLines {
                #expect(result.stderr.contains(line), "\(arguments[0]): \(line) in \(result.stderr)")
            }
            reports.append(result.stderr.split(separator: "\n").dropFirst().map(String.init))
        }
        #expect(reports.allSatisfy { $0 == reports[0] }, "one validation for every command that composes mail: \(reports)")
        #expect(!FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("var/herald.db").path), "send opened no store")
    }

    @Test func deliverReportsEveryDeliveryProblemAtOnce() throws {
        let result = try HeraldBinary.run(
            ["deliver", "--transport", "smtp", "--retry-max-attempts", "0"], in: Self.root, environment: ["HERALD_SPOOL_CAPACITY": "none"])
        #expect(result.status == 78)
        for label in ["HERALD_SMTP_URL (--smtp-url): is required when the transport is smtp", "HERALD_RETRY_MAX_ATTEMPTS (--retry-max-attempts)",
                      "HERALD_SPOOL_CAPACITY (--spool-capacity): expected a positive integer"] {
            #expect(result.stderr.contains(label), "\(label) in \(result.stderr)")
        }
    }

    /// The `From:` header `herald render` composes with these flags and variables.
    func renderedSender(flags: [String] = [], environment: [String: String] = [:]) throws -> String? {
        let result = try HeraldBinary.run(["render", "installment-paid", "--context", Self.context] + flags, in: Self.root, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.components(separatedBy: "\r\n").first { $0.hasPrefix("From: ") }
    }

    @Test func aFlagBeatsItsVariableWhichBeatsTheDefault() throws {
        #expect(try renderedSender() == "From: Herald <no-reply@localhost>")
        let environment = ["HERALD_FROM": "Billing <billing@env.example>"]
        #expect(try renderedSender(environment: environment) == "From: Billing <billing@env.example>")
        #expect(try renderedSender(flags: ["--from", "Payments <payments@flag.example>"], environment: environment)
            == "From: Payments <payments@flag.example>")
        let templates = try HeraldBinary.run(["render", "installment-paid", "--context", Self.context, "--templates", "/nowhere"],
                                              in: Self.root, environment: ["HERALD_TEMPLATES": Self.root.appendingPathComponent("Templates").path])
        #expect(templates.status != 0 && templates.stderr.contains("/nowhere"), "the flag's directory was used: \(templates.stderr)")
    }
}
