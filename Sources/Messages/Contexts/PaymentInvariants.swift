import Foundation

/// The checks that keep an installment message's numbers consistent with each other (README "Payment
/// invariants"): each one is a mail that would state two contradicting facts to a customer. They run
/// after the shape is valid and before anything is rendered; every violation is a 422 at its field path.
extension InstallmentOrderContext {
    public static var allowedStates: Set<InstallmentState>? { nil }

    /// Every invariant that involves more than the currencies (`orderProblems` checks those).
    func invariantProblems(at path: FieldPath) -> FieldProblems {
        var problems = FieldProblems()
        let schedulePath = path.appending("schedule")
        if let index = schedule.firstIndex(where: { $0.number == installmentNumber }) {
            let row = schedule[index]
            if row.amount.currency == amount.currency, row.amount.amount != amount.amount {
                problems.append(FieldProblem(
                    path: path.appending("amount"),
                    problem: "is \(amount.amountText) \(amount.currency.code) but installment \(installmentNumber) is \(row.amount.amountText) in the schedule (schedule[\(index)].amount): the message's amount is its installment's",
                    kind: .unprocessable))
            }
            if let allowed = Self.allowedStates, !allowed.contains(row.state) {
                let names = allowed.map(\.rawValue).sorted().joined(separator: " or ")
                problems.append(FieldProblem(
                    path: schedulePath.appending(index: index).appending("state"),
                    problem: "is \(row.state.rawValue): \(Self.kind.rawValue) is sent only for an installment that is \(names)",
                    kind: .unprocessable))
            }
        }
        let byNumber = schedule.indices.sorted { schedule[$0].number < schedule[$1].number }
        for (earlier, later) in zip(byNumber, byNumber.dropFirst()) where schedule[later].dueDate <= schedule[earlier].dueDate {
            problems.append(FieldProblem(
                path: schedulePath.appending(index: later).appending("dueDate"),
                problem: "installment \(schedule[later].number) is due \(schedule[later].dueDate), not after installment \(schedule[earlier].number) (\(schedule[earlier].dueDate)): due dates ascend with installment numbers",
                kind: .unprocessable))
        }
        return problems
    }

    /// The sum of the installments still pending, nil when the schedule mixes currencies (already a 422).
    var pendingTotal: Money? {
        guard schedule.allSatisfy({ $0.amount.currency == orderTotal.currency }) else { return nil }
        let sum = schedule.filter { $0.state == .pending }.reduce(Decimal(0)) { $0 + $1.amount.amount }
        return try? Money(amount: sum, currency: orderTotal.currency)
    }
}
