import Foundation

/// A broken oracle: print what was expected and abort, so libFuzzer saves the input as a crasher.
public func fuzzRequire(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    guard !condition() else { return }
    FileHandle.standardError.write(Data("fuzz oracle failed: \(message())\n".utf8))
    abort()
}
