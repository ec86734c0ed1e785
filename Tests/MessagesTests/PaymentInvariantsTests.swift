import Foundation
import Testing
@testable import Messages

/// The payment invariants (README "Payment invariants"), field by field: a consistent context passes,
/// each contradiction is a 422 at the path of the field that contradicts the schedule.
@Suite struct PaymentInvariantsTests {
    /// An installment order whose fields a test changes one at a time; consistent as built.
    struct Order {
        struct Row {
            var number: Int
            var dueDate: String
            var amount = "200.00"
            var state: String
        }
        var rows = [
            Row(number: 1, dueDate: "2026-01-03", state: "paid"),
            Row(number: 2, dueDate: "2026-02-03", state: "paid"),
            Row(number: 3, dueDate: "2026-03-03", state: "pending"),
        ]
        var installmentNumber = 2
        var amount = "200.00"
        var amountCurrency = "EUR"
        var remainingBalance = "200.00"

        func json(_ kind: MessageKind) -> String {
            let schedule = rows.map { row in
                #"{"number":\#(row.number),"dueDate":"\#(row.dueDate)","amount":{"amount":"\#(row.amount)","currency":"EUR"},"state":"\#(row.state)"}"#
            }.joined(separator: ",")
            var fields = [
                #""productTitle":"Ceramics","orderURL":"https://shop.example/o/1""#,
                #""schedule":[\#(schedule)]"#, #""orderTotal":{"amount":"600.00","currency":"EUR"}"#,
                #""installmentNumber":\#(installmentNumber)"#, #""amount":{"amount":"\#(amount)","currency":"\#(amountCurrency)"}"#,
            ]
            switch kind {
            case .installmentPaid: fields.append(#""remainingBalance":{"amount":"\#(remainingBalance)","currency":"EUR"}"#)
            case .upcomingDebit: fields.append(#""debitDate":"2026-03-03""#)
            default: break
            }
            return "{" + fields.joined(separator: ",") + "}"
        }

        /// The same order with installment `number` in `state`.
        func with(_ number: Int, _ state: String) -> Order {
            var order = self
            for index in order.rows.indices where order.rows[index].number == number { order.rows[index].state = state }
            return order
        }
    }

    static let installmentKinds: [MessageKind] = [.installmentPaid, .allPaid, .failedDebit, .upcomingDebit]

    /// A consistent order for `kind`: installment 2 paid (refused for failed-debit), nothing pending for all-paid.
    static func consistent(_ kind: MessageKind) -> Order {
        switch kind {
        case .failedDebit: Order().with(2, "refused")
        case .allPaid: Order().with(3, "paid")
        default: Order()
        }
    }

    static func paths(_ kind: MessageKind, _ order: Order) -> [String] {
        let problems = Fixtures.problems(kind, order.json(kind))
        if !problems.isEmpty { #expect(problems.httpStatus == 422, "\(problems)") }
        return problems.problems.map(\.path)
    }

    @Test(arguments: installmentKinds)
    func aConsistentContextPasses(_ kind: MessageKind) {
        #expect(Self.paths(kind, Self.consistent(kind)) == [])
    }

    @Test(arguments: installmentKinds)
    func theAmountIsItsInstallmentsAmount(_ kind: MessageKind) {
        var order = Self.consistent(kind)
        order.amount = "150.00"
        #expect(Self.paths(kind, order) == ["context.amount"])
        let problems = Fixtures.problems(kind, order.json(kind))
        #expect(problems.problems.first?.problem.contains("schedule[1].amount") == true, "\(problems)")
    }

    @Test func installmentPaidAndAllPaidOnlyForAPaidInstallment() {
        for state in InstallmentState.allCases.map(\.rawValue) {
            let expected = state == "paid" ? [] : ["context.schedule[1].state"]
            var order = Order().with(2, state)
            if state == "pending" { order.remainingBalance = "400.00" }  // kept consistent: only the state is wrong
            #expect(Self.paths(.installmentPaid, order) == expected, "\(state)")
            // A pending installment is also "not all paid": the same path twice, once per reason.
            let allPaid = state == "paid" ? [] : state == "pending" ? ["context.schedule[1].state", "context.schedule[1].state"] : ["context.schedule[1].state"]
            #expect(Self.paths(.allPaid, Self.consistent(.allPaid).with(2, state)) == allPaid, "\(state)")
        }
    }

    @Test func failedDebitOnlyForARefusedOrFailedInstallment() {
        for state in InstallmentState.allCases.map(\.rawValue) {
            let expected = state == "refused" || state == "error" ? [] : ["context.schedule[1].state"]
            #expect(Self.paths(.failedDebit, Order().with(2, state)) == expected, "\(state)")
        }
    }

    @Test func upcomingDebitAcceptsAnyState() {
        for state in InstallmentState.allCases.map(\.rawValue) {
            #expect(Self.paths(.upcomingDebit, Order().with(2, state)) == [], "\(state)")
        }
    }

    @Test func allPaidOnlyWhenNoInstallmentIsPending() {
        #expect(Self.paths(.allPaid, Order()) == ["context.schedule[2].state"])
        #expect(Self.paths(.allPaid, Order().with(1, "pending")) == ["context.schedule[0].state", "context.schedule[2].state"])
        #expect(Self.paths(.allPaid, Order().with(3, "canceled")) == [], "a canceled installment is not pending")
    }

    @Test func theRemainingBalanceIsTheSumOfThePendingInstallments() {
        var order = Order()
        order.remainingBalance = "400.00"
        #expect(Self.paths(.installmentPaid, order) == ["context.remainingBalance"])
        let problems = Fixtures.problems(.installmentPaid, order.json(.installmentPaid))
        #expect(problems.problems.first?.problem == "is 400.00 but the pending installments of the schedule add up to 200.00 EUR")
        // Refused, refunded and canceled installments are not pending: they do not count.
        order = Order().with(3, "refunded")
        order.remainingBalance = "0.00"
        #expect(Self.paths(.installmentPaid, order) == [])
        order.remainingBalance = "200.00"
        #expect(Self.paths(.installmentPaid, order) == ["context.remainingBalance"])
        order = Order().with(1, "pending")
        order.remainingBalance = "400.00"
        #expect(Self.paths(.installmentPaid, order) == [])
    }

    @Test(arguments: installmentKinds)
    func dueDatesAscendWithInstallmentNumbers(_ kind: MessageKind) {
        var order = Self.consistent(kind)
        order.rows[2].dueDate = "2026-02-01"
        #expect(Self.paths(kind, order) == ["context.schedule[2].dueDate"])
        order.rows[2].dueDate = "2026-02-03"
        #expect(Self.paths(kind, order) == ["context.schedule[2].dueDate"], "two installments on one day")
        // Rows may come in any order: the invariant follows the numbers.
        order = Self.consistent(kind)
        order.rows.reverse()
        #expect(Self.paths(kind, order) == [])
        order.rows[0].dueDate = "2026-01-02"
        #expect(Self.paths(kind, order) == ["context.schedule[0].dueDate"])
    }

    @Test(arguments: installmentKinds)
    func currenciesAgree(_ kind: MessageKind) {
        var order = Self.consistent(kind)
        order.amountCurrency = "USD"
        #expect(Self.paths(kind, order) == ["context.amount.currency"], "a mixed currency is not also reported as a different amount")
    }

    /// The whole send request: the same problems, before anything is rendered.
    @Test func aContradictoryRequestIsA422BeforeRendering() throws {
        var order = Order()
        order.remainingBalance = "0.00"
        let body = #"{"message":"installment-paid","to":[{"email":"zoe@example.com"}],"context":\#(order.json(.installmentPaid))}"#
        do {
            _ = try Fixtures.compose(Data(body.utf8))
            Issue.record("a contradictory context was composed")
        } catch {
            #expect(error.httpStatus == 422)
            guard case .invalidFields(let problems) = error else { Issue.record("\(error)"); return }
            #expect(problems.problems.map(\.path) == ["context.remainingBalance"])
        }
    }

    /// Every committed preview sample is consistent (the golden files show messages that could be sent).
    @Test func everyPreviewSampleSatisfiesTheInvariants() {
        for sample in Fixtures.samples {
            #expect(throws: Never.self, "\(sample.kind)/\(sample.variant)") {
                try sample.kind.decodeContext(sample.context, environment: Fixtures.environment())
            }
        }
    }
}
