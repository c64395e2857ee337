import Foundation
import LandscapeFuzzTargets
import XCTest

/// Replays the fuzz corpus and every input that once crashed a parser (Fuzz/regressions/<target>/,
/// written there by `make fuzz`) through the same targets libFuzzer drives.
final class FuzzRegressionTests: XCTestCase {
    static let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    func files(_ folder: String, _ target: String) -> [URL] {
        let dir = Self.fuzz.appendingPathComponent("\(folder)/\(target)")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted().filter {
            !$0.hasPrefix(".")
        }.map { dir.appendingPathComponent($0) }
    }

    /// The corpus folders are the targets (`make fuzz` runs one per folder): none missing, none stale.
    func testCorpusFoldersAreTheTargets() throws {
        let folders = try FileManager.default.contentsOfDirectory(
            atPath: Self.fuzz.appendingPathComponent("corpus").path
        )
        .filter { !$0.hasPrefix(".") }
        XCTAssertEqual(Set(folders), Set(FuzzTargets.names))
        XCTAssertEqual(Set(FuzzTargets.names).count, FuzzTargets.names.count)
    }

    /// The seeds are valid inputs: each parses, so the fuzzer starts inside the format.
    func testSeedCorpusParses() throws {
        for target in FuzzTargets.names {
            let seeds = files("corpus", target)
            XCTAssertFalse(seeds.isEmpty, "no seed corpus for \(target)")
            for url in seeds {
                XCTAssertTrue(
                    FuzzTargets.run(target, try Data(contentsOf: url)),
                    "\(target): seed \(url.lastPathComponent) does not parse")
            }
        }
    }

    /// Every regression input runs to an answer (a parse or an error), without a trap.
    func testRegressionInputsReplay() throws {
        var replayed = 0
        for target in FuzzTargets.names {
            for url in files("regressions", target) {
                FuzzTargets.run(target, try Data(contentsOf: url))
                replayed += 1
            }
        }
        print("fuzz regressions: \(replayed) input(s) replayed")
    }

    /// Truncations and single-byte flips of every seed (a small deterministic sweep in the suite).
    func testMutatedSeedsNeverTrap() throws {
        for target in FuzzTargets.names {
            for url in files("corpus", target) {
                let data = try Data(contentsOf: url)
                for cut in stride(from: 0, to: data.count, by: max(1, data.count / 40)) {
                    FuzzTargets.run(target, data.prefix(cut))
                }
                for i in stride(from: 0, to: data.count, by: max(1, data.count / 40)) {
                    var flipped = data
                    flipped[flipped.startIndex + i] ^= 0xFF
                    FuzzTargets.run(target, flipped)
                }
            }
        }
    }
}
