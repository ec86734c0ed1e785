import Testing
@testable import Messages

@Suite struct PhrasebookTests {
    let en = Fixtures.phrases("en")
    let fr = Fixtures.phrases("fr")

    @Test func englishOrdinals() {
        let expected = [1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd",
                        23: "23rd", 101: "101st", 111: "111th", 112: "112th"]
        for (number, text) in expected { #expect(en.ordinal(number) == text) }
    }

    @Test func frenchOrdinalsAgreeWithTheFeminineEcheance() {
        #expect(fr.ordinal(1) == "1re")
        #expect(fr.ordinal(2) == "2e")
        #expect(fr.ordinal(10) == "10e")
    }

    @Test func everyStateHasATranslatedLabelAndColoursInBothLanguages() {
        for state in InstallmentState.allCases {
            #expect(!en.label(for: state).isEmpty)
            #expect(!fr.label(for: state).isEmpty)
            #expect(en.label(for: state) != fr.label(for: state))
            let colours = ScheduleRowView.colours(state)
            #expect(colours.text.hasPrefix("#") && colours.background.hasPrefix("#") && colours.text != colours.background)
        }
        #expect(Set(InstallmentState.allCases.map(en.label)).count == 6)
        #expect(Set(InstallmentState.allCases.map(fr.label)).count == 6)
        #expect(Set(InstallmentState.allCases.map { ScheduleRowView.colours($0).background }).count == 6)
        #expect(fr.label(for: .error) == "Erreur de paiement")
    }

    @Test func relativeDaysWithPlurals() {
        #expect(en.when(inDays: 0) == "today")
        #expect(en.when(inDays: 1) == "tomorrow")
        #expect(en.when(inDays: 3) == "in 3 days")
        #expect(fr.when(inDays: 0) == "aujourd’hui")
        #expect(fr.when(inDays: 1) == "demain")
        #expect(fr.when(inDays: 3) == "dans 3 jours")
    }

    @Test func linkLifetimes() {
        #expect(en.lifetime(seconds: 86_400) == "24 hours")
        #expect(en.lifetime(seconds: 3_600) == "1 hour")
        #expect(en.lifetime(seconds: 172_800) == "2 days")
        #expect(en.lifetime(seconds: 600) == "10 minutes")
        #expect(fr.lifetime(seconds: 86_400) == "24 heures")
        #expect(fr.lifetime(seconds: 3_600) == "1 heure")
    }
}
