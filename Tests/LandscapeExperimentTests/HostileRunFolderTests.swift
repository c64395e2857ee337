import Foundation
import LandscapeCore
import LandscapeData
import LandscapeExperiment
import TestSupport
import XCTest

/// Run folders as untrusted input (docs/security.md): a folder this tool did not write is never
/// changed, `--force` deletes only what a run writes, and per-configuration files made under
/// another spec are never resumed or merged.
final class HostileRunFolderTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    func runner(_ folder: String, epochs: Int = 2) throws -> GridRunner {
        try TinyGrid.writeFashionMNIST(to: dir.file("data"))
        return TinyGrid.runner(
            TinyGrid.spec(widths: [4], depths: [1, 2], objects: 200, epochs: epochs), folder: dir.file(folder),
            data: dir.file("data"), home: dir.url)
    }

    func testAFolderOfAnotherToolIsNeverChanged() throws {
        let foreign = dir.file("foreign")
        try FileManager.default.createDirectory(
            at: foreign.appendingPathComponent("losses"), withIntermediateDirectories: true)
        try "{\"other\": true}".write(
            to: foreign.appendingPathComponent("results.json"), atomically: true, encoding: .utf8)
        try "theirs".write(to: foreign.appendingPathComponent("losses/theirs.txt"), atomically: true, encoding: .utf8)
        for force in [false, true] {
            var r = try runner("foreign")
            r.force = force
            XCTAssertThrowsError(try r.run()) {
                XCTAssertTrue("\($0)".contains("not a landscape results file"), "\($0)")
            }
        }
        XCTAssertEqual(
            try String(contentsOf: foreign.appendingPathComponent("results.json"), encoding: .utf8), "{\"other\": true}"
        )
        XCTAssertEqual(
            try String(contentsOf: foreign.appendingPathComponent("losses/theirs.txt"), encoding: .utf8), "theirs")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: foreign.path).sorted(), ["losses", "results.json"],
            "no lock, no spec written")
    }

    func testForceDeletesOnlyWhatARunWrote() throws {
        try runner("run").run()
        try "notes".write(to: dir.file("run/losses/notes.txt"), atomically: true, encoding: .utf8)
        try "notes".write(to: dir.file("run/README"), atomically: true, encoding: .utf8)
        var r = try runner("run")
        r.force = true
        try r.run()
        XCTAssertEqual(try String(contentsOf: dir.file("run/losses/notes.txt"), encoding: .utf8), "notes")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.file("run/README").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.file("run/losses/fashion-mnist-h4-N2-s0.npy").path))
    }

    /// A configuration saved under another spec (a shard still running after `--force`, an
    /// edited `epochs`) is recomputed, not resumed, and `merge` does not fold it in.
    func testFilesMadeUnderAnotherSpecAreNotResumedOrMerged() throws {
        let other = try runner("x", epochs: 3), current = try runner("x", epochs: 2)
        let (_, data, _) = try other.loadDatasets()
        let c = other.spec.configurations(for: [.fashionMNIST])[0]
        let variant = Variant(dataset: .fashionMNIST)
        let (stale, losses, _) = try ConfigurationRun.run(
            c, data: data[variant]!, inputBound: data[variant]!.largestInputNorm(), spec: other.spec)
        try current.store.writeSpec(current.spec)
        try current.store.writeDatasets(try current.loadDatasets().records)
        try current.store.save(stale, losses: losses, seconds: 0, spec: other.spec)
        XCTAssertEqual(try current.store.finished(spec: current.spec).results.count, 0, "the stale file is not taken")
        XCTAssertEqual(try other.store.finished(spec: other.spec).results.count, 1, "under its own spec it is")
        XCTAssertThrowsError(try RunMerge.merge(folder: dir.file("x"))) { error in
            XCTAssertEqual((error as? RunMerge.Incomplete)?.missing.count, 2, "\(error)")
        }
        let results = try current.run()
        XCTAssertNotEqual(
            results.configurations.first { $0.id == c.id }?.epochs.count, stale.epochs.count,
            "recomputed under the current spec")
    }

    func testMergeOfAMissingFolderCreatesNothing() throws {
        XCTAssertThrowsError(try RunMerge.merge(folder: dir.file("absent")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("absent").path))
    }
}
