// The fuzz driver. Built with `-sanitize=fuzzer -D FUZZING` (make fuzz) it is a libFuzzer binary
// whose target comes from $LANDSCAPE_FUZZ_TARGET; built normally it replays files through a
// target: `landscape-fuzz TARGET FILE…` (the test suite does the same in-process).
import Foundation
import LandscapeFuzzTargets

#if FUZZING
nonisolated(unsafe) let target = ProcessInfo.processInfo.environment["LANDSCAPE_FUZZ_TARGET"] ?? ""

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzTargets.run(target, Data(bytes: start, count: count))
    return 0
}
#else
let arguments = CommandLine.arguments.dropFirst()
guard let target = arguments.first, FuzzTargets.names.contains(target) else {
    FileHandle.standardError.write(Data("usage: landscape-fuzz TARGET FILE… (targets: \(FuzzTargets.names.joined(separator: ", ")))\n".utf8))
    exit(2)
}
for path in arguments.dropFirst() {
    guard let data = FileManager.default.contents(atPath: path) else { continue }
    FuzzTargets.run(target, data)
}
print("replayed \(arguments.count - 1) input(s) through \(target)")
#endif
