import Foundation
import TestSupport
import Testing

@Suite("herald template")
struct TemplateCommandTests {
    @Test func rendersExactlyTheTemplateBytesWithPartialsAndParents() throws {
        let folder = try ScratchFolder()
        try folder.write("mail.mustache", "{{<layouts/page}}{{$body}}Hi {{name}}!{{>row}}{{/body}}{{/layouts/page}}")
        try folder.write("layouts/page.mustache", "<p>\n  {{$body}}{{/body}}\n</p>")
        try folder.write("row.mustache", "[{{n}}]")
        try folder.write("data.json", #"{"name": "Zoë & <Co>", "n": 3}"#)

        let result = try HeraldBinary.run(["template", "render", "mail.mustache", "--data", "data.json"], in: folder.url)
        #expect(result.status == 0)
        #expect(result.stdout == "<p>\n  Hi Zoë &amp; &lt;Co&gt;![3]\n</p>")
        #expect(result.stderr.isEmpty)

        let text = try HeraldBinary.run(["template", "render", "mail.mustache", "--data", "data.json", "--text"], in: folder.url)
        #expect(text.stdout == "<p>\n  Hi Zoë & <Co>![3]\n</p>")
    }

    @Test func partialsFolderIsConfigurable() throws {
        let folder = try ScratchFolder()
        try folder.write("t/main.mustache", "{{>shared}}")
        try folder.write("lib/shared.mustache", "from lib")
        try folder.write("d.json", "{}")
        let result = try HeraldBinary.run(["template", "render", "t/main.mustache", "--data", "d.json", "--partials", "lib"], in: folder.url)
        #expect(result.stdout == "from lib")
    }

    @Test func strictModeReportsTheMissingNameWithItsPosition() throws {
        let folder = try ScratchFolder()
        try folder.write("mail.mustache", "Hello\n  {{>row}}")
        try folder.write("row.mustache", "{{#items}}\n{{nmae}}{{/items}}")
        try folder.write("data.json", #"{"items": [{"name": "a"}]}"#)

        let spec = try HeraldBinary.run(["template", "render", "mail.mustache", "--data", "data.json"], in: folder.url)
        #expect(spec.status == 0)
        #expect(spec.stdout == "Hello\n  ")

        let strict = try HeraldBinary.run(["template", "render", "mail.mustache", "--data", "data.json", "--strict"], in: folder.url)
        #expect(strict.status != 0)
        #expect(strict.stdout.isEmpty)
        #expect(strict.stderr == "row.mustache:2:1: no value named 'nmae'\n")
    }

    @Test func parseErrorsAndBadDataAreLocated() throws {
        let folder = try ScratchFolder()
        try folder.write("bad.mustache", "ok\n  {{#a}}x{{/b}}")
        try folder.write("good.mustache", "{{a}}")
        try folder.write("data.json", "{\"a\":\n  [1,,2]}")
        try folder.write("ok.json", "{}")

        let parse = try HeraldBinary.run(["template", "render", "bad.mustache", "--data", "ok.json"], in: folder.url)
        #expect(parse.status != 0)
        #expect(parse.stderr == "bad.mustache:2:10: closing tag 'b' does not match 'a' opened at 2:3\n")

        let data = try HeraldBinary.run(["template", "render", "good.mustache", "--data", "data.json"], in: folder.url)
        #expect(data.status != 0)
        #expect(data.stderr == "data.json:2:6: invalid JSON: Invalid value\n")
    }

    @Test func namesListsEveryNameWithPositionAndSections() throws {
        let folder = try ScratchFolder()
        try folder.write("mail.mustache", "{{title}}\n{{#rows}}{{>row}}{{/rows}}")
        try folder.write("row.mustache", "{{amount.currency}}")
        let result = try HeraldBinary.run(["template", "names", "mail.mustache"], in: folder.url)
        #expect(result.status == 0)
        #expect(result.stdout == "mail.mustache:1:1: title\nmail.mustache:2:1: rows\nrow.mustache:1:1: amount.currency in rows\n")
    }

    @Test func usageErrorsExitWith64() throws {
        let result = try HeraldBinary.run(["template", "render", "x.mustache"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("missing required option --data"))
    }
}
