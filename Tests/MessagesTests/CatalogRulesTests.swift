import Foundation
import Testing
@testable import Messages

/// Each rule at the end of README "The catalog" (what the anchor got wrong), tested on rendered output.
@Suite struct CatalogRulesTests {
    func render(_ kind: MessageKind, _ variant: String, _ locale: String?, now: Date = PreviewSample.referenceTime) throws -> RenderedMessage {
        try Fixtures.renderer.render(kind, context: Fixtures.sample(kind, variant), locale: locale, now: now)
    }

    func render(_ kind: MessageKind, json: JSONValue, _ locale: String, now: Date = PreviewSample.referenceTime) throws -> RenderedMessage {
        try Fixtures.renderer.render(kind, context: json, locale: locale, now: now)
    }

    static let allCases: [(MessageKind, String)] = PreviewSample.load(directory: Repository.previews).samples.map { ($0.kind, $0.variant) }

    @Test func subjectsAreTranslatedWithLocaleFormattedAmounts() throws {
        let en = try render(.failedDebit, "refused-with-retry", "en")
        let fr = try render(.failedDebit, "refused-with-retry", "fr")
        #expect(en.subject == "Atelier Nord – Ceramics for beginners (10 weeks): your payment of €200.00 failed")
        #expect(fr.subject == "Atelier Nord – Ceramics for beginners (10 weeks)\u{A0}: le prélèvement de 200,00\u{A0}€ a échoué")
        for (kind, variant) in Self.allCases {
            let english = try render(kind, variant, "en").subject
            let french = try render(kind, variant, "fr").subject
            #expect(english != french && !english.isEmpty && !english.contains("\n"))
            #expect(english.hasPrefix("Atelier Nord") && french.hasPrefix("Atelier Nord"), "site name in \(kind)")
        }
        #expect(try render(.upcomingDebit, "tomorrow", "en").subject.hasSuffix("€200.00 will be debited tomorrow"))
        #expect(try render(.checkIn, "no-client-no-amount", "en").subject == "Atelier Nord: has invoice F-17 been paid?")
    }

    /// A schedule with all six states: every state has its translated label inside a pill of its colours.
    @Test(arguments: ["en", "fr", "de"])
    func everyStateHasALabelAndAColour(_ locale: String) throws {
        let states = InstallmentState.allCases
        let rows = states.enumerated().map { index, state in
            #"{"number":\#(index + 1),"dueDate":"2026-0\#(index + 1)-03","amount":{"amount":"10.00","currency":"EUR"},"state":"\#(state.rawValue)"}"#
        }.joined(separator: ",")
        let json = Fixtures.json("""
            {"productTitle":"P","orderURL":"https://shop.example/o","schedule":[\(rows)],"orderTotal":{"amount":"60.00","currency":"EUR"},
             "installmentNumber":4,"amount":{"amount":"10.00","currency":"EUR"}}
            """)
        let message = try render(.failedDebit, json: json, locale)
        let phrases = Fixtures.phrases(locale)
        for state in states {
            let label = phrases.label(for: state)
            let (text, background) = ScheduleRowView.colours(state)
            #expect(message.html.contains("background-color:\(background);color:\(text);font-size:13px;line-height:18px;font-weight:bold;\">\(label)</span>"),
                    "\(state) pill in \(locale)")
            #expect(message.text.contains("· \(label)\n"), "\(state) label in the \(locale) text")
        }
        let otherLanguage = Fixtures.phrases(locale == "en" ? "fr" : "en")
        for state in states where otherLanguage.label(for: state) != phrases.label(for: state) {
            #expect(!message.html.contains(">\(otherLanguage.label(for: state))<"))
        }
    }

    @Test func tableWordsAreTranslated() throws {
        let fr = try render(.installmentPaid, "first-installment", "fr")
        for word in ["Échéancier", "Échéance", "Montant", "Statut", "Total de la commande"] { #expect(fr.html.contains(word)) }
        for word in ["Payment schedule", "Amount", "Status", ">Total<", "Paid", "Pending"] { #expect(!fr.html.contains(word)) }
        #expect(fr.text.contains("Total de la commande\u{A0}: 600,00\u{A0}€"))
    }

    @Test func ordinalsAgreeInGender() throws {
        let fr = try render(.installmentPaid, "first-installment", "fr")
        #expect(fr.html.contains("la 1re échéance"))
        #expect(fr.subject.contains("votre 1re échéance"))
        let en = try render(.installmentPaid, "first-installment", "en")
        #expect(en.html.contains("the 1st installment"))
        #expect(try render(.installmentPaid, "long-name-accents", "fr").text.contains("la 2e échéance"))
    }

    @Test func everyMessageHasATitlePreheaderLangAndHostedLogo() throws {
        for (kind, variant) in Self.allCases {
            for locale in ["en", "fr", "de"] {
                let html = try render(kind, variant, locale).html
                let title = html.firstMatch(of: /<title>([^<]+)<\/title>/)?.1
                #expect(title.map { !$0.trimmingCharacters(in: .whitespaces).isEmpty } == true, "\(kind)/\(variant) \(locale) title")
                let preheader = html.firstMatch(of: /mso-hide:all;">([^<]+)<\/div>/)?.1
                #expect((preheader?.count ?? 0) > 20, "\(kind)/\(variant) \(locale) preheader")
                #expect(html.contains("<html lang=\"\(locale)\" dir=\"ltr\" "))
                #expect(html.contains("<img src=\"https://atelier-nord.example/static/logo-200.png\""))
                #expect(html.contains("alt=\"Atelier Nord\""))
                #expect(!html.contains("data:"))
            }
        }
    }

    /// The layout's email-client rules (README "Layout of the HTML part"): a fluid column with phone
    /// refinements, colour-scheme metadata with a dark palette for every coloured element, Outlook's
    /// padding on every button cell, and nothing that refuses to wrap.
    @Test func everyMessageUsesTheResponsiveDarkAwareOutlookSafeLayout() throws {
        for (kind, variant) in Self.allCases {
            for locale in ["en", "fr", "de"] {
                let html = try render(kind, variant, locale).html
                let name = "\(kind)/\(variant) \(locale)"
                #expect(html.contains("<meta name=\"color-scheme\" content=\"light dark\">"), "\(name)")
                #expect(html.contains("<meta name=\"supported-color-schemes\" content=\"light dark\">"), "\(name)")
                #expect(html.contains("@media (max-width: 480px)") && html.contains("@media (prefers-color-scheme: dark)"), "\(name)")
                #expect(html.contains("<div style=\"max-width:600px;margin:0 auto;\">"), "\(name)")
                #expect(html.contains("<!--[if mso]><table role=\"presentation\" align=\"center\" width=\"600\""), "\(name)")
                // The only fixed width is Outlook's ghost table; every other table is fluid.
                #expect(!html.contains("nowrap") && html.matches(of: /width="600"/).count == 1, "\(name)")
                let buttons = html.matches(of: /<a href="[^"]+" style="display:inline-block;padding:12px 24px;/).count
                #expect(html.matches(of: /<td class="h-button" align="center" bgcolor="#[0-9A-F]{6}" style="[^"]*mso-padding-alt:12px 24px;">/).count == buttons, "\(name)")
                for state in html.matches(of: /class="h-state-([a-z]+)"/).map({ String($0.1) }) {
                    #expect(html.contains(".h-state-\(state) { background-color:"), "\(name): \(state) has no dark colours")
                }
            }
        }
    }

    /// payment-submitted only acknowledges: it has nothing for the customer to open.
    static let kindsWithoutButton: Set<MessageKind> = [.paymentSubmitted]

    @Test func everyButtonHasAVisiblePlainLink() throws {
        for (kind, variant) in Self.allCases {
            let html = try render(kind, variant, "en").html
            let buttons = html.matches(of: /display:inline-block;padding:12px 24px;/).count
            let plainLinks = html.matches(of: /word-break:break-all;overflow-wrap:anywhere;">https:\/\/[^<]+<\/a>/).count
            #expect(buttons == plainLinks && (buttons >= 1) != Self.kindsWithoutButton.contains(kind), "\(kind)/\(variant)")
        }
    }

    @Test func theHighlightedRowIsTheInstallmentTheMessageIsAbout() throws {
        for (kind, variant) in Self.allCases where kind.contextType is any InstallmentOrderContext.Type {
            let sample = Fixtures.sample(kind, variant)
            guard case .integer(let number)? = sample["installmentNumber"] else { Issue.record("no installmentNumber"); continue }
            let message = try render(kind, variant, "en")
            let highlighted = message.html.matches(of: #/<tr class="h-target" style="background-color:#EAF2FD;">\n<td[^>]*><span style="font-weight:bold;">([0-9]+[a-z]+)<\/span> /#)
            #expect(highlighted.map { String($0.1) } == [Fixtures.phrases("en").ordinal(number)], "\(kind)/\(variant)")
            let marked = message.text.split(separator: "\n").filter { $0.hasPrefix("> ") }
            #expect(marked.count == 1 && marked.first?.hasPrefix("> \(Fixtures.phrases("en").ordinal(number)) ·") == true)
        }
    }

    /// The delay is said once ("tomorrow", "in 3 days"), next to the date, never "tomorrow … (in 1 day)".
    @Test func relativeDebitDaysComeFromTheDebitDateAndTheSendDay() throws {
        let tomorrow = try render(.upcomingDebit, "tomorrow", "en")
        #expect(tomorrow.text.contains("will be debited tomorrow"))
        #expect(tomorrow.text.contains("Debit date: March 4, 2026\n"))
        #expect(!tomorrow.text.contains("in 1 day") && !tomorrow.html.contains("in 1 day"))
        let threeDays = try render(.upcomingDebit, "in-3-days-no-card-usd", "en")
        #expect(threeDays.subject.hasSuffix("will be debited in 3 days"))
        #expect(threeDays.text.components(separatedBy: "in 3 days").count == 2, "the delay once in the text")
        // In the HTML: once in the body, once in the preheader (the inbox preview line).
        let body = threeDays.html.components(separatedBy: "</h1>").last ?? ""
        #expect(body.components(separatedBy: "in 3 days").count == 2, "the delay once in the HTML body")
        let french = try render(.upcomingDebit, "in-3-days-no-card-usd", "fr")
        #expect(french.subject.hasSuffix("49,99\u{A0}$US seront prélevés dans 3 jours"))
        // The same context sent two days later: the debit is tomorrow.
        let later = try render(.upcomingDebit, "in-3-days-no-card-usd", "fr", now: PreviewSample.referenceTime.addingTimeInterval(2 * 86_400))
        #expect(later.subject.hasSuffix("seront prélevés demain"))
        #expect(!later.text.contains("dans 1 jour"))
        let sameDay = try render(.upcomingDebit, "tomorrow", "en", now: PreviewSample.referenceTime.addingTimeInterval(86_400))
        #expect(sameDay.subject.hasSuffix("will be debited today"))
    }

    @Test func datesAndAmountsAreFormattedPerLocale() throws {
        let fr = try render(.installmentPaid, "long-name-accents", "fr")
        #expect(fr.text.contains("15 mars 2026"))
        #expect(fr.text.contains("1\u{202F}234,50\u{A0}€"))
        let en = try render(.installmentPaid, "long-name-accents", "en")
        #expect(en.text.contains("March 15, 2026"))
        #expect(en.text.contains("€1,234.50"))
        #expect(try render(.installmentPaid, "jpy", "en").text.contains("¥12,000"))
    }

    @Test func localeFallback() throws {
        let canadian = try render(.installmentPaid, "long-name-accents", "fr-CA")
        #expect(canadian.locale.language == Fixtures.language("fr") && !canadian.locale.usedDefault && canadian.locale.note == nil)
        #expect(canadian.text.contains("Nous avons bien reçu"))
        #expect(canadian.text.contains("1\u{A0}234,50\u{A0}€"), "fr_CA groups digits with U+00A0")
        #expect(try render(.installmentPaid, "long-name-accents", "fr_FR").text.contains("1\u{202F}234,50\u{A0}€"))
        let portuguese = try render(.installmentPaid, "first-installment", "pt-BR")
        #expect(portuguese.locale.language == .en && portuguese.locale.usedDefault)
        #expect(portuguese.locale.note == "no templates for locale \"pt-BR\"; rendered in en")
        #expect(portuguese.text.hasPrefix("Hello Camille Martin,"))
        let german = try render(.installmentPaid, "first-installment", "de-DE")
        #expect(german.locale.language == Fixtures.language("de") && !german.locale.usedDefault)
        #expect(german.text.hasPrefix("Hallo Camille Martin,"))
        let unspecified = try render(.installmentPaid, "first-installment", nil)
        #expect(unspecified.locale.language == .en && !unspecified.locale.usedDefault)
        #expect(try render(.installmentPaid, "first-installment", "en-GB").text.contains("3 April 2026"))
    }

    @Test func callerTextIsEscapedInHTMLButNotInText() throws {
        let message = try render(.installmentPaid, "long-name-accents", "en")
        #expect(message.html.contains("Zoë Ó&#39;Brien-Lefèvre &amp; &lt;Partners&gt; &quot;Ltd&quot;"))
        #expect(!message.html.contains("<Partners>") && !message.html.contains("<Émail>"))
        #expect(message.html.contains("href=\"https://atelier-nord.example/account/orders/B-77?ref=mail&amp;lang=fr\""))
        #expect(message.text.contains("Hello Zoë Ó'Brien-Lefèvre & <Partners> \"Ltd\","))
        #expect(message.subject.contains("Atelier « Tour & <Émail> » — l'été \"spécial\""))
    }

    @Test func aMissingNameGivesAGreetingWithoutAName() throws {
        #expect(try render(.installmentPaid, "no-card-usd", "en").text.hasPrefix("Hello,\n"))
        #expect(try render(.installmentPaid, "no-card-usd", "fr").text.hasPrefix("Bonjour,\n"))
        #expect(!(try render(.installmentPaid, "no-card-usd", "en").text.contains("card ending")))
    }

    @Test func checkInStatesTheLinkLifetimeFromLinkExpiresAt() throws {
        #expect(try render(.checkIn, "due-today-24-hours", "en").text.contains("These links are valid for 24 hours."))
        #expect(try render(.checkIn, "due-today-24-hours", "fr").text.contains("Ces liens sont valables 24\u{A0}heures.") == false)
        #expect(try render(.checkIn, "due-today-24-hours", "fr").text.contains("Ces liens sont valables 24 heures."))
        #expect(try render(.checkIn, "no-client-no-amount", "en").text.contains("valid for 2 days"))
        #expect(try render(.checkIn, "long-client-usd-one-hour", "fr").text.contains("valables 1 heure."))
    }

    @Test func brandValuesReachEveryTemplate() throws {
        let brand = Brand(name: "Kiln & Co", url: "https://kiln.example", logoURL: "https://cdn.kiln.example/logo.png",
                          supportEmail: "care@kiln.example", postalAddress: "Kiln & Co Ltd, 1 Clay Street, Leeds")
        let renderer = MessageRenderer(library: Fixtures.renderer.library, catalogs: Fixtures.renderer.catalogs, brand: brand)
        for (kind, variant) in Self.allCases {
            let message = try renderer.render(kind, context: Fixtures.sample(kind, variant), locale: "fr", now: PreviewSample.referenceTime)
            #expect(message.subject.hasPrefix("Kiln & Co"))
            #expect(message.html.contains("src=\"https://cdn.kiln.example/logo.png\"") && message.html.contains("care@kiln.example"))
            #expect(message.text.contains("Kiln & Co Ltd, 1 Clay Street, Leeds"))
            #expect(!message.html.contains("Atelier Nord SAS"))
        }
    }
}
