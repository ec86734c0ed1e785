import Glibc
import Synchronization

/// Records SIGTERM/SIGINT so a long-running command can stop taking work and drain instead of dying.
enum TerminationSignal {
    private static let flag = Atomic<Bool>(false)

    static func install() {
        for number in [SIGTERM, SIGINT] {
            signal(number) { _ in TerminationSignal.flag.store(true, ordering: .relaxed) }
        }
    }

    static var received: Bool { flag.load(ordering: .relaxed) }
}
