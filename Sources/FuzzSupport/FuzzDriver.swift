import Foundation
import FuzzerRuntime

/// The `main` of every fuzz target. SwiftPM links executables with `main` aliased to the module's
/// own entry point, which hides libFuzzer's `main`, so the entry point hands over to libFuzzer itself.
///
/// Built with `-sanitize=fuzzer,address -DFUZZING` (`make fuzz`), it runs libFuzzer with the
/// command-line arguments. In an ordinary build (so `swift build` links every target) it replays
/// the files and folders given as arguments through the same check, which is how a crasher is
/// debugged: `swift run FuzzHTTPParser crash-…`.
package enum FuzzDriver {
    package typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    package static func run(_ callback: Callback) -> Never {
        #if FUZZING
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
        #else
        exit(replay(CommandLine.arguments.dropFirst(), through: callback))
        #endif
    }

    private static func replay(_ paths: ArraySlice<String>, through callback: Callback) -> Int32 {
        guard !paths.isEmpty else {
            FileHandle.standardError.write(Data("usage: \(CommandLine.arguments[0]) FILE|DIRECTORY… (replays inputs; build with make fuzz to fuzz)\n".utf8))
            return 2
        }
        var replayed = 0
        for path in paths {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
                    return 1
                }
                _ = data.withUnsafeBytes { callback($0.bindMemory(to: UInt8.self).baseAddress, data.count) }
                replayed += 1
            }
        }
        print("replayed \(replayed) inputs without a failure")
        return 0
    }

    private static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { path + "/" + $0 }
    }
}

/// A broken oracle: print what was expected and abort, so libFuzzer saves the input as a crasher.
package func fuzzRequire(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    guard !condition() else { return }
    FileHandle.standardError.write(Data("fuzz oracle failed: \(message())\n".utf8))
    abort()
}
