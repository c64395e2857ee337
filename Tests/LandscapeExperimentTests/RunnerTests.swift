import Foundation
import LandscapeCore
import LandscapeData
import LandscapeEncoders
import LandscapeExperiment
import LandscapeModel
import TestSupport
import XCTest

final class RunnerTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    func spec() -> ExperimentSpec {
        var s = TinyGrid.spec(widths: [4, 8], depths: [1, 2], objects: 300)
        s.datasets = [.fashionMNIST, .cifar10]
        var growing = GrowingSampleSettings()
        growing.sizes = [50, 100]
        s.growingSample = growing
        return s // feature grids: FeatureGridTests (LandscapeReportTests), end to end through the report
    }

    func runner(_ folder: String, workers: Int = 2) throws -> GridRunner {
        try TinyGrid.writeFashionMNIST(to: dir.file("data"), heldOut: 60)
        var r = TinyGrid.runner(spec(), folder: dir.file(folder), data: dir.file("data"), home: dir.url)
        r.workers = workers
        return r
    }

    func bytes(_ folder: String, _ file: String) throws -> Data { try Data(contentsOf: dir.file("\(folder)/\(file)")) }

    func testRunRecordsMissingDatasetsAndWritesEveryFile() throws {
        let results = try runner("run").run()
        XCTAssertEqual(
            results.configurations.map(\.id),
            ["fashion-mnist-h4-N1-s0", "fashion-mnist-h4-N2-s0", "fashion-mnist-h8-N1-s0", "fashion-mnist-h8-N2-s0"])
        let cifar = try XCTUnwrap(results.datasets.first { $0.name == .cifar10 })
        XCTAssertFalse(cifar.present)
        XCTAssertEqual(cifar.fetchCommand, "landscape data fetch cifar10")
        for file in ["spec.json", "results.json", "provenance.json", "curves.csv", "losses/fashion-mnist-h8-N2-s0.npy"]
        {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.file("run/\(file)").path), file)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("run/.partial").path))
        // provenance.json times every stage that ran, named as PipelineStage names them.
        let provenance = try JSONDecoder().decode(Provenance.self, from: try bytes("run", "provenance.json"))
        let stages = try XCTUnwrap(provenance.stageSeconds)
        XCTAssertTrue(Set(stages.keys).isSubset(of: PipelineStage.allCases.map(\.rawValue)), "\(stages.keys)")
        for stage in [PipelineStage.training, .losses, .curves, .growingSample, .saving] {
            XCTAssertGreaterThan(stages[stage.rawValue] ?? 0, 0, stage.rawValue)
        }
        // The .npy holds the same per-object losses whose mean the results report.
        let (losses, shape) = try NPY.decodeDoubles(try bytes("run", "losses/fashion-mnist-h8-N2-s0.npy"), file: "npy")
        XCTAssertEqual(shape, [300])
        let c = try XCTUnwrap(results.configuration(.fashionMNIST, width: 8, hiddenLayers: 2))
        XCTAssertEqual(losses.reduce(0, +) / 300, c.meanLoss, accuracy: 1e-12)
        XCTAssertEqual(c.constants.largestLoss, losses.max())
        XCTAssertEqual(c.finalK, 299)
        XCTAssertEqual(c.curve.k.last, 299)
        // θ̂ and θ_init as safetensors, named for nn.Sequential(Linear, ReLU, …): θ̂ reproduces the
        // recorded mean loss, θ_init is the seed's initialisation.
        let weights = try SafeTensors(contentsOf: dir.file("run/networks/fashion-mnist-h8-N2-s0.safetensors"))
        XCTAssertEqual(
            weights.entries.keys.sorted(),
            [
                "0.weight", "2.weight", "4.weight", "6.weight", "init.0.weight", "init.2.weight", "init.4.weight",
                "init.6.weight",
            ])
        XCTAssertEqual(weights.entries["0.weight"]?.shape, [8, 784])
        XCTAssertEqual(weights.entries["6.weight"]?.shape, [10, 8])
        XCTAssertEqual(weights.metadata["id"], "fashion-mnist-h8-N2-s0")
        let arch = MLPArchitecture(inputs: 784, width: 8, hiddenLayers: 2, classes: 10)
        let trained = MLP<Float>(
            architecture: arch, parameters: try ["0", "2", "4", "6"].flatMap { try weights.floats("\($0).weight") })
        let initial = try ["0", "2", "4", "6"].flatMap { try weights.floats("init.\($0).weight") }
        let config = Configuration(dataset: .fashionMNIST, width: 8, hiddenLayers: 2)
        XCTAssertEqual(
            initial, MLP<Float>(architecture: arch, seed: Trainer.initialisationSeed(config.seed)).parameters)
        let data = try DatasetCatalog(dataDir: dir.file("data").path).load(
            DatasetDescriptors.builtIn.descriptor(.fashionMNIST), count: 300)
        let mean = Evaluation.evaluate(trained, inputs: data.inputs, labels: data.labels).losses.reduce(0, +) / 300
        XCTAssertEqual(mean, c.meanLoss, accuracy: 1e-12)
    }

    /// Same spec and seed → byte-identical results, whatever the number of workers.
    func testResultsAreByteIdenticalForOneOrTwoWorkers() throws {
        let one = try runner("one", workers: 1).run()
        try runner("two", workers: 2).run()
        XCTAssertTrue(one.configurations.contains { $0.growingSample != nil }, "the growing sample is compared too")
        XCTAssertEqual(try bytes("one", "results.json"), try bytes("two", "results.json"))
        XCTAssertEqual(try bytes("one", "curves.csv"), try bytes("two", "curves.csv"))
        XCTAssertEqual(
            try bytes("one", "losses/fashion-mnist-h4-N2-s0.npy"), try bytes("two", "losses/fashion-mnist-h4-N2-s0.npy")
        )
        XCTAssertEqual(
            try bytes("one", "networks/fashion-mnist-h4-N2-s0.safetensors"),
            try bytes("two", "networks/fashion-mnist-h4-N2-s0.safetensors"))
    }

    /// A run killed after two configurations resumes to the same bytes as an uninterrupted run.
    func testResumeAfterInterruptionGivesIdenticalBytes() throws {
        try runner("whole").run()
        // Simulate the interruption: a folder holding only two finished configurations.
        let r = try runner("resumed")
        let spec = spec()
        let (_, data, heldOut) = try r.loadDatasets()
        try r.store.writeSpec(spec)
        for c in spec.configurations(for: [.fashionMNIST]).prefix(2) {
            let (result, losses, _) = try ConfigurationRun.run(
                c, data: data[Variant(dataset: .fashionMNIST)]!, heldOut: heldOut[Variant(dataset: .fashionMNIST)],
                inputBound: data[Variant(dataset: .fashionMNIST)]!.largestInputNorm(), spec: spec)
            try r.store.save(result, losses: losses, seconds: 0, spec: r.spec)
        }
        XCTAssertEqual(try r.store.finished(spec: r.spec).results.count, 2)
        try r.run()
        XCTAssertEqual(try bytes("whole", "results.json"), try bytes("resumed", "results.json"))
        XCTAssertEqual(try bytes("whole", "curves.csv"), try bytes("resumed", "curves.csv"))
    }

    func testRerunIsANoOpAndADifferentSpecNeedsForce() throws {
        let first = try runner("run")
        try first.run()
        let before =
            try FileManager.default.attributesOfItem(atPath: dir.file("run/results.json").path)[.modificationDate]
            as? Date
        try first.run()
        let after =
            try FileManager.default.attributesOfItem(atPath: dir.file("run/results.json").path)[.modificationDate]
            as? Date
        XCTAssertEqual(before, after)
        var changed = GridRunner(
            spec: {
                var s = spec(); s.training.epochs = 3; return s
            }(), folder: dir.file("run"), catalog: first.catalog)
        changed.log = { _ in }
        XCTAssertThrowsError(try changed.run()) { XCTAssertTrue("\($0)".contains("--force"), "\($0)") }
        changed.force = true
        changed.quiet = true
        XCTAssertEqual(try changed.run().spec.training.epochs, 3)
    }

    func testResultsRoundTripAndBadFilesAreRejected() throws {
        let results = try runner("run").run()
        let reread = try RunStore.readResults(dir.file("run/results.json"))
        XCTAssertEqual(reread, results)
        try Data("{\"hello\": 1}".utf8).write(to: dir.file("other.json"))
        XCTAssertThrowsError(try RunStore.readResults(dir.file("other.json"))) {
            XCTAssertTrue("\($0)".contains("not a landscape results file"))
        }
        var text = try String(contentsOf: dir.file("run/results.json"), encoding: .utf8)
        text = text.replacingOccurrences(
            of: "\"schemaVersion\" : \(Results.currentSchema)", with: "\"schemaVersion\" : 99")
        try text.write(to: dir.file("future.json"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try RunStore.readResults(dir.file("future.json"))) {
            XCTAssertTrue("\($0)".contains("schema version 99"), "\($0)")
        }
    }
}
