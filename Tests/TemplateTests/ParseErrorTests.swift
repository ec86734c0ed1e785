import Template
import Testing

@Suite("Parse errors name the template, line and column")
struct ParseErrorTests {
    private func error(compiling source: String) -> String? {
        do {
            _ = try CompiledTemplate(source: source, name: "mail.html")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func unclosedSection() {
        #expect(error(compiling: "Hi\n  {{#items}}\n{{name}}") == "mail.html:2:3: unclosed section 'items': expected '{{/items}}'")
    }

    @Test func closingTagThatDoesNotMatch() {
        #expect(
            error(compiling: "{{#a}}\n{{#b}}x{{/a}}\n{{/b}}")
                == "mail.html:2:8: closing tag 'a' does not match 'b' opened at 2:1")
    }

    @Test func closingTagWithoutSection() {
        #expect(error(compiling: "ok {{/a}}") == "mail.html:1:4: closing tag 'a' has no open section")
    }

    @Test func unterminatedTags() {
        #expect(error(compiling: "a\nb {{name") == "mail.html:2:3: unterminated tag: expected '}}'")
        #expect(error(compiling: "{{{name}}") == "mail.html:1:1: unterminated tag: expected '}}}'")
    }

    @Test func badDelimiterChanges() {
        #expect(error(compiling: "{{=<% %>}}") == "mail.html:1:1: invalid delimiter change '=<% %>': expected two delimiters like '{{=<% %>=}}'")
        #expect(error(compiling: "x{{=a b c=}}")?.hasPrefix("mail.html:1:2: invalid delimiter change") == true)
    }

    @Test func emptyAndInvalidNames() {
        #expect(error(compiling: "{{ }}") == "mail.html:1:1: empty tag: expected a name")
        #expect(error(compiling: "{{#}}{{/}}") == "mail.html:1:1: empty tag: expected a name")
        #expect(error(compiling: "{{first name}}") == "mail.html:1:1: invalid name 'first name'")
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(error(compiling: "Zoë — {{/x}}") == "mail.html:1:7: closing tag 'x' has no open section")
    }

    @Test func errorsAfterDelimiterChangeUseTheNewDelimiters() {
        #expect(error(compiling: "{{=<% %>=}}\n<%#a%>") == "mail.html:2:1: unclosed section 'a': expected '{{/a}}'")
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "{{#a}}", count: 500)
        #expect(error(compiling: deep)?.contains("nested deeper than") == true)
    }

    @Test func filePathIsUsedWhenGiven() throws {
        #expect(throws: TemplateError.self) { try CompiledTemplate(source: "{{#a}}", name: "x", path: "Templates/x.mustache") }
        do {
            _ = try CompiledTemplate(source: "{{#a}}", name: "x", path: "Templates/x.mustache")
        } catch {
            #expect(error.description == "Templates/x.mustache:1:1: unclosed section 'a': expected '{{/a}}'")
            #expect(error.position == SourcePosition(template: "Templates/x.mustache", line: 1, column: 1))
        }
    }
}
