import Foundation
import Testing
@testable import Messages
import Template

@Test func debugNames() throws {
    let lib = try TemplateLibrary(directory: URL(fileURLWithPath: "/work/wt-catalog/Templates"))
    for n in ["installment-paid/fr.html", "installment-paid/en.html", "_layouts/fr.html", "_layouts/en.html", "_layouts/email.html", "installment-paid/fr.subject", "_partials/fr.schedule.html"] {
        do {
            let uses = try lib.names(usedBy: n)
            print("N", n, uses.count, lib[n] == nil ? "nil" : "ok")
        } catch { print("ERR", error) }
    }
}
