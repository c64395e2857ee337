// The fuzz driver. Built with `-sanitize=fuzzer -D FUZZING` (make fuzz) it is a libFuzzer binary
// whose target comes from $LANDSCAPE_FUZZ_TARGET (libFuzzer supplies main); built normally it
// replays files through a target: `landscape-fuzz TARGET FILE…` (the test suite does the same
// in-process).
import Foundation
import LandscapeFuzzTargets

#if FUZZING
let target = ProcessInfo.processInfo.environment["LANDSCAPE_FUZZ_TARGET"] ?? ""

/// libFuzzer's entry for one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { FuzzTargets.run(target, Data()); return 0 }
    FuzzTargets.run(target, Data(bytes: start, count: count))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry as `<module>_main`; here it hands the command line to
/// libFuzzer's driver (so libFuzzer's own main is never pulled in).
@_cdecl("landscape_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector) { fuzz($0, $1) }
}
#else
@main
struct FuzzReplay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let target = arguments.first, FuzzTargets.names.contains(target) else {
            FileHandle.standardError.write(
                Data(
                    "usage: landscape-fuzz TARGET FILE… (targets: \(FuzzTargets.names.joined(separator: ", ")))\n".utf8)
            )
            exit(2)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            FuzzTargets.run(target, data)
        }
        print("replayed \(arguments.count - 1) input(s) through \(target)")
    }
}
#endif
