import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeData
import LandscapeExperiment
import LandscapeModel
import XCTest

/// The growing-sample protocol's orchestration: the order is one per network, so adding a size
/// changes no other point, and k = m is θ̂ itself.
final class GrowingSampleRunTests: XCTestCase {
    func dataset(_ count: Int, seed: UInt64, heldOut: Bool = false) throws -> Dataset {
        var rng = SeededGenerator(seed: seed)
        let n = 6
        return Dataset(
            descriptor: try DatasetDescriptors.builtIn.descriptor(.fashionMNIST),
            inputs: (0..<(count * n)).map { _ in Float(rng.nextGaussian()) },
            labels: (0..<count).map { _ in Int32(rng.nextIndex(below: 3)) }, features: n, classes: 3,
            source: "synthetic", isHeldOut: heldOut)
    }

    func run(sizes: [Int]) throws -> GrowingSample {
        var spec = ExperimentSpec()
        spec.training.epochs = 4
        spec.training.batchSize = 8
        var settings = GrowingSampleSettings()
        settings.sizes = sizes
        spec.growingSample = settings
        let data = try dataset(60, seed: 1), heldOut = try dataset(20, seed: 2, heldOut: true)
        let arch = MLPArchitecture(inputs: 6, width: 5, hiddenLayers: 1, classes: 3)
        let c = Configuration(dataset: .fashionMNIST, width: 5, hiddenLayers: 1)
        let outcome = Trainer.train(
            arch, inputs: data.inputs, labels: data.labels, settings: spec.training, seed: c.seed)
        let initial = MLP<Float>(architecture: arch, seed: Trainer.initialisationSeed(c.seed))
        return ConfigurationRun.growingSample(
            c, architecture: arch, data: data, heldOut: heldOut, spec: spec, trained: outcome.network,
            trainedEpochs: outcome.epochs.count, initial: initial)
    }

    func testAddingASizeChangesNoOtherPoint() throws {
        let few = try run(sizes: [10, 30]), more = try run(sizes: [10, 20, 30])
        XCTAssertEqual(few.points.map(\.k), [10, 30, 60])
        XCTAssertEqual(more.points.map(\.k), [10, 20, 30, 60])
        for p in few.points {
            let q = more.points.first { $0.k == p.k }!
            XCTAssertEqual(p.growing, q.growing)
            XCTAssertEqual(p.fixed, q.fixed)
            XCTAssertEqual(p.fullLoss, q.fullLoss)
            XCTAssertEqual(p.parameterDistance, q.parameterDistance)
        }
        // ℒ_{k'}(θ̂ₖ) for the next size: k' = 30 after 10 in the first grid, 20 in the second.
        XCTAssertEqual(few.points[0].nextSize, 30)
        XCTAssertEqual(more.points[0].nextSize, 20)
    }

    func testTheLastPointIsThetaHatAndItsNextObjectsAreHeldOut() throws {
        let g = try run(sizes: [10, 30])
        let last = g.points.last!
        XCTAssertEqual(last.k, 60)
        XCTAssertEqual(last.parameterDistance, 0)
        XCTAssertNil(last.fixed)
        XCTAssertEqual(last.growing.next, 20)
        XCTAssertEqual(last.growing.loss, last.fullLoss, accuracy: 1e-12)
        // Below m the next objects are the rest of the training ones and the held-out ones.
        XCTAssertEqual(g.points[0].growing.next, 50 + 20)
        XCTAssertEqual(g.points[0].fixed?.next, 50)
        // The fixed view at k is θ̂'s: its ℒ_k differs from θ̂ₖ's own, which was fitted to those k.
        XCTAssertLessThan(g.points[0].growing.loss, g.points[0].fixed!.loss)
        XCTAssertEqual(g.refitGains().map(\.k), [10, 30])
    }
}
