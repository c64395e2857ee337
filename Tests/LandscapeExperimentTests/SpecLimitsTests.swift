import Foundation
import LandscapeCore
import LandscapeData
import LandscapeExperiment
import TestSupport
import XCTest

/// Hostile and careless specs: one line naming the key, never a crash, never a path outside.
final class SpecLimitsTests: XCTestCase {
    func problem(_ yaml: String) -> String? {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.file("spec.yaml")
        try? yaml.write(to: file, atomically: true, encoding: .utf8)
        do { _ = try ExperimentSpec.load(file); return nil } catch { return "\(error)" }
    }

    func testEveryKeyIsBounded() {
        let cases: [(String, String)] = [
            ("objects: 100000000", "objects = 100000000 is more than mnist's 60000 training objects"),
            ("widths: [0]", "widths = 0 is outside 1…4096"),
            ("widths: [100000]", "widths = 100000 is outside 1…4096"),
            ("depths: [-1]", "depths = -1 is outside 0…64"),
            ("epochs: 0", "epochs = 0 is outside 1…1000"),
            ("batchSize: 0", "batchSize = 0 is outside 1…65536"),
            ("permutations: 1000000", "permutations = 1000000 is outside 1…10000"),
            ("seeds: []", "seeds must list 1 to 100 seeds"),
            ("seeds: [1, 1]", "seeds must not repeat"),
            ("radii: [0]", "radii are fractions"),
            ("radii: [100]", "radii are fractions"),
            ("learningRate: -1", "learningRate must lie in"),
            ("emaFactor: 1", "emaFactor must be in [0, 1)"),
        ]
        for (yaml, expected) in cases {
            let message = problem(yaml)
            XCTAssertNotNil(message, yaml)
            XCTAssertTrue(message?.contains(expected) == true, "\(yaml): \(message ?? "accepted")")
            XCTAssertTrue(message?.contains("spec.yaml") == true, "the file is named: \(message ?? "")")
        }
    }

    func testNamesArePlainFileNames() {
        for name in ["../../../escaped", "a/b", "..", ".", "", "x\\y", "tab\there", "-rf"] {
            let yaml = "name: \(String(reflecting: name))"
            XCTAssertTrue(problem(yaml)?.contains("name") == true, "\(name) accepted")
        }
        XCTAssertNil(problem("name: my-run_2 (draft)"))
    }

    /// The estimate refuses before anything runs, naming the part that does not fit and its key:
    /// at h = 4096, L = 5 (N = 784·4096 + 5·4096² + 4096·10 = 87,138,304) the figure network's
    /// spectrum keeps 2 operators × 10 runs × 80 steps of N Doubles (1.1 TB); without the criteria
    /// the Hessian's Double forward pass over 65,000 objects (about 27 GB a worker) is the largest.
    func testMemoryEstimateRefusesNamingTheKey() throws {
        var spec = ExperimentSpec.paper
        spec.objects = 60_000
        spec.widths = [4_096]
        spec.depths = [5]
        let variants = [Variant(dataset: .mnist)]
        let estimate = MemoryEstimate(spec: spec, workers: 2, variants: variants)
        XCTAssertEqual(estimate.parameters, 87_138_304)
        XCTAssertEqual(estimate.largest.key, "spectrumSteps")
        XCTAssertEqual(estimate.largest.bytes, 2 * (2 * 10 * 80 * 87_138_304 * 8 + 2 * 10 * 87_138_304 * 12))
        XCTAssertThrowsError(try spec.checkMemory(workers: 2, variants: variants, available: 24e9)) { error in
            XCTAssertTrue(
                "\(error)".contains("at h = 4096, L = 5 (N = 87138304 parameters): lower `spectrumSteps`"), "\(error)")
        }
        spec.criteria.kinds = []
        XCTAssertThrowsError(try spec.checkMemory(workers: 2, variants: variants, available: 24e9)) { error in
            XCTAssertTrue("\(error)".contains("the Hessian's Double forward pass"), "\(error)")
            XCTAssertTrue("\(error)".contains("lower `objects` (or run fewer --jobs)"), "\(error)")
        }
        XCTAssertNoThrow(try ExperimentSpec.paper.checkMemory(workers: 2, variants: variants, available: 24e9))
        // One configuration is held by one worker, whatever --jobs says.
        spec.seeds = [0]
        let alone = MemoryEstimate(spec: spec, workers: 2, variants: variants)
        XCTAssertEqual(alone.workers, 1)
        XCTAssertEqual(alone.total, MemoryEstimate(spec: spec, workers: 1, variants: variants).total)
        XCTAssertNoThrow(try spec.checkMemory(workers: 2, variants: variants, available: alone.total + 1))
        // Every variant of the paper's grid (CIFAR100's 400-dimensional subspace the largest part) fits.
        let paper = MemoryEstimate(spec: .paper, workers: 2, variants: ExperimentSpec.paper.variants)
        XCTAssertEqual(paper.largest.key, "subspaceDimensions")
        XCTAssertLessThan(paper.total, 24e9)
        // Every part names a key the spec reader knows (the refusal tells the user which to lower).
        let keys = Set(SpecKey.all.map(\.name))
        for e in [estimate, MemoryEstimate(spec: spec, workers: 1, variants: variants), paper] {
            for part in [e.shared] + e.parts { XCTAssertTrue(keys.contains(part.key), part.key) }
        }
    }

    /// docs/performance.md's memory table is the one `MemoryEstimate.Kind.all` declares, and every
    /// part's formula is the estimate's own: checked on one network by the hand-computed bytes above
    /// and here on a small one, part by part (m = 1,000 objects of n = 784, h = 16, L = 5, K = 10).
    func testTheDocumentedMemoryTableIsTheDeclaredOne() throws {
        let doc = try String(
            contentsOf: SpecKeyTests.repository.appendingPathComponent("docs/performance.md"), encoding: .utf8)
        XCTAssertTrue(
            doc.contains(MemoryEstimate.markdownTable),
            "docs/performance.md's memory table is stale; it should read:\n\(MemoryEstimate.markdownTable)")
        var spec = ExperimentSpec.paper
        spec.objects = 900
        spec.heldOutObjects = 100
        spec.widths = [16]
        spec.depths = [5]
        let e = MemoryEstimate(spec: spec, workers: 1, variants: [Variant(dataset: .mnist)])
        let (m, n, bigN) = (1_000.0, 784.0, Double(784 * 16 + 5 * 16 * 16 + 16 * 10))
        let a = m * (16 * 6 + 10)
        XCTAssertEqual(e.shared.bytes, 4 * m * n)
        let bytes = Dictionary(e.parts.map { ($0.key + ":" + $0.what, $0.bytes) }) { $1 }
        XCTAssertEqual(bytes["widths:the parameters, their gradients and Adam's state"], 48 * bigN)
        XCTAssertEqual(bytes["objects:the Hessian's Double forward pass"], 8 * m * n + 16 * a)
        XCTAssertEqual(
            bytes["widths:the Hessian's Lanczos bases (20 steps) and the products' working vectors (8)"], 28 * 8 * bigN)
        XCTAssertEqual(bytes["objects:the criteria's Float forward pass"], 4 * (m * n + a))
        // The figure network (h = 16, L = 5): the spectrum's 10 runs of 80 steps are its largest criterion.
        XCTAssertEqual(e.parts.last?.key, "spectrumSteps")
        XCTAssertEqual(e.parts.last?.bytes, 16 * 10 * 80 * bigN + 24 * 10 * bigN)
    }

    /// A refused run leaves no folder behind.
    func testARefusedRunWritesNothing() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        try TinyGrid.writeFashionMNIST(to: dir.file("data"))
        var spec = TinyGrid.spec(widths: [4_096], depths: [5], objects: 100, epochs: 1, permutations: 3)
        spec.criteria.spectrumSteps = 1_000
        spec.criteria.spectrumEverywhere = true
        spec.criteria.allConfigurations = true
        let runner = TinyGrid.runner(spec, folder: dir.file("run"), data: dir.file("data"), home: dir.url)
        XCTAssertThrowsError(try runner.run()) { error in XCTAssertTrue("\(error)".contains("lower `"), "\(error)") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("run").path))
    }

    /// A finished run answers without loading its data: a corrupt dataset file no longer matters.
    func testFinishedRunDoesNotLoadDataAgain() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        try TinyGrid.writeFashionMNIST(to: dir.file("data"))
        var spec = TinyGrid.spec(widths: [4], depths: [1], objects: 100, epochs: 1, permutations: 3)
        spec.measureHessian = false
        let runner = TinyGrid.runner(spec, folder: dir.file("run"), data: dir.file("data"), home: dir.url)
        let first = try runner.run()
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.file("data/fashion-mnist").path) {
            try Data("corrupt".utf8).write(to: dir.file("data/fashion-mnist/\(file)"))
        }
        XCTAssertEqual(try runner.run(), first)
    }
}

final class RunFolderLockTests: XCTestCase {
    func testASecondRunOnTheSameFolderRefusesInOneLine() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        var first: RunFolderLock? = try RunFolderLock(folder: dir.file("run"))
        XCTAssertNotNil(first)
        XCTAssertThrowsError(try RunFolderLock(folder: dir.file("run"))) { error in
            XCTAssertTrue(
                "\(error)".contains("another landscape run (pid \(ProcessInfo.processInfo.processIdentifier))"),
                "\(error)")
        }
        first = nil
        // Released with its owner: the folder can be taken again.
        XCTAssertNoThrow(try RunFolderLock(folder: dir.file("run")))
    }
}
