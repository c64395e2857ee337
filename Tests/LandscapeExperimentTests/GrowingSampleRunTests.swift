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

    /// A model whose every optimum is known: every object has the same input, so the network
    /// predicts one distribution p for all of them and ℒ_k is minimised exactly at p = the label
    /// frequencies p̂ₖ of the first k objects (the logits' last layer alone reaches any p). Then
    /// ℒ_k(θ̂ₖ) = H(p̂ₖ), ℒ_m(θ̂ₖ) and the held-out loss are cross-entropies against p̂ₖ, the
    /// refit gain is KL(p̂ₖ′ ‖ p̂ₖ), and E_j|ℒ_{k+1} − ℒ_k| is a mean of |−log p̂ₖ(y_j) − H(p̂ₖ)|/(k+1).
    /// Full-batch Adam (lr 0.05, 1,000 steps) reaches it to ‖∇ℒ_k‖ < 1e-5; with curvature O(1) the
    /// loss is then within ~1e-10 of the optimum and p within ~1e-5, so 1e-6 on losses is ample.
    func testQuantitiesMatchTheClosedFormOptimum() throws {
        let n = 4, m = 60, h = 30
        var rng = SeededGenerator(seed: 11)
        func labels(_ count: Int) -> [Int32] {
            (0..<count).map { _ in
                let u = rng.nextUnit()
                return u < 0.5 ? 0 : u < 0.8 ? 1 : 2
            }
        }
        func data(_ y: [Int32], heldOut: Bool) throws -> Dataset {
            Dataset(
                descriptor: try DatasetDescriptors.builtIn.descriptor(.fashionMNIST),
                inputs: (0..<(y.count * n)).map { Float(1 + $0 % n) / 4 }, labels: y, features: n, classes: 3,
                source: "synthetic", isHeldOut: heldOut)
        }
        let trainLabels = labels(m), heldLabels = labels(h)
        var spec = ExperimentSpec()
        spec.training.epochs = 1_000
        spec.training.batchSize = 64
        spec.training.adam.learningRate = 0.05
        var settings = GrowingSampleSettings()
        settings.sizes = [15, 30]
        spec.growingSample = settings
        let arch = MLPArchitecture(inputs: n, width: 5, hiddenLayers: 1, classes: 3)
        let c = Configuration(dataset: .fashionMNIST, width: 5, hiddenLayers: 1)
        let train = try data(trainLabels, heldOut: false)
        let outcome = Trainer.train(
            arch, inputs: train.inputs, labels: train.labels, settings: spec.training, seed: c.seed)
        let g = ConfigurationRun.growingSample(
            c, architecture: arch, data: train, heldOut: try data(heldLabels, heldOut: true), spec: spec,
            trained: outcome.network, trainedEpochs: outcome.epochs.count,
            initial: MLP<Float>(architecture: arch, seed: Trainer.initialisationSeed(c.seed)))

        let ordered = ConfigurationRun.growingOrder(count: m, seed: c.seed).map { trainLabels[$0] }
        func frequencies(_ y: some Collection<Int32>) -> [Double] {
            (0..<3).map { c in Double(y.filter { $0 == c }.count) / Double(y.count) }
        }
        func crossEntropy(_ q: [Double], _ p: [Double]) -> Double {
            zip(q, p).reduce(0) { $0 - ($1.0 > 0 ? $1.0 * Foundation.log($1.1) : 0) }
        }
        let pm = frequencies(ordered), held = frequencies(heldLabels)
        XCTAssertEqual(g.points.map(\.k), [15, 30, 60])
        for (i, point) in g.points.enumerated() {
            let k = point.k, p = frequencies(ordered.prefix(k))
            XCTAssertTrue(p.allSatisfy { $0 > 0 }, "every class among the first \(k) (else the optimum is at infinity)")
            let v = point.growing
            XCTAssertLessThan(v.gradient, 1e-5, "θ̂ₖ is the optimum")
            XCTAssertEqual(v.loss, crossEntropy(p, p), accuracy: 1e-6, "ℒ_k(θ̂ₖ) = H(p̂ₖ)")
            XCTAssertEqual(point.fullLoss, crossEntropy(pm, p), accuracy: 1e-6)
            XCTAssertEqual(try XCTUnwrap(point.heldOutLoss), crossEntropy(held, p), accuracy: 1e-6)
            let predicted = p.indices.max { p[$0] < p[$1] }!
            XCTAssertEqual(try XCTUnwrap(point.heldOutAccuracy), held[predicted], accuracy: 1e-12)
            let next = Array(ordered.dropFirst(k)) + heldLabels
            let expected =
                next.map { abs(-Foundation.log(p[Int($0)]) - crossEntropy(p, p)) }.reduce(0, +)
                / Double(next.count * (k + 1))
            XCTAssertEqual(v.difference, expected, accuracy: 1e-6 / Double(k + 1))
            if let k2 = point.nextSize {
                let p2 = frequencies(ordered.prefix(k2))
                // The refit gain ℒ_{k'}(θ̂ₖ) − ℒ_{k'}(θ̂_{k'}) = KL(p̂ₖ′ ‖ p̂ₖ).
                let gain = try XCTUnwrap(g.refitGains().first { $0.k == k }).gain
                XCTAssertEqual(gain, crossEntropy(p2, p) - crossEntropy(p2, p2), accuracy: 2e-6)
                XCTAssertEqual(i + 1 < g.points.count, true)
            }
            if let fixed = point.fixed {
                XCTAssertEqual(fixed.loss, crossEntropy(p, pm), accuracy: 1e-6, "ℒ_k(θ̂ₘ) against p̂ₘ")
            }
        }
    }
}
