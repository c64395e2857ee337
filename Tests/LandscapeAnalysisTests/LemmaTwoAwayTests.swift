import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeModel
import XCTest

/// The pieces of Lemma 2 off θ̂ against independent answers.
final class LemmaTwoAwayTests: XCTestCase {
    func tinyNetwork() -> (MLP<Double>, [Double], [Int32]) {
        let arch = MLPArchitecture(inputs: 3, width: 4, hiddenLayers: 1, classes: 3)
        let net = MLP<Double>(architecture: arch, seed: 5)
        var rng = SeededGenerator(seed: 6)
        let x = (0..<(7 * 3)).map { _ in rng.nextGaussian() }
        let y = (0..<7).map { _ in Int32(rng.nextIndex(below: 3)) }
        return (net, x, y)
    }

    /// ∇ℓᵢ·v by forward mode against central finite differences of the loss in Double.
    func testDirectionalDerivativesMatchFiniteDifferences() {
        let (net, x, y) = tinyNetwork()
        var rng = SeededGenerator(seed: 7)
        let v = (0..<net.architecture.parameterCount).map { _ in rng.nextGaussian() }
        let exact = HessianVectorProduct(network: net, inputs: x, labels: y).directionalDerivatives(v)
        let eps = 1e-6
        func losses(_ t: Double) -> [Double] {
            var moved = net
            for j in moved.parameters.indices { moved.parameters[j] += t * v[j] }
            return Evaluation.evaluate(moved, inputs: x, labels: y).losses
        }
        let plus = losses(eps), minus = losses(-eps)
        for i in 0..<y.count {
            // Central differences: error O(ε²·|ℓ'''|) ≈ 1e-12, far below 1e-7.
            XCTAssertEqual(exact[i], (plus[i] - minus[i]) / (2 * eps), accuracy: 1e-7)
        }
    }

    /// The gradient norms from the K × K Gram against ‖∇ℓᵢ‖ from finite differences along every axis.
    func testGradientNormsFromTheGram() {
        let (net, x, y) = tinyNetwork()
        let hvp = HessianVectorProduct(network: net, inputs: x, labels: y)
        let norms = GaussNewton.perObject(hvp).gradient
        let p = net.architecture.parameterCount
        var squared = [Double](repeating: 0, count: y.count)
        for j in 0..<p {
            var e = [Double](repeating: 0, count: p)
            e[j] = 1
            let d = hvp.directionalDerivatives(e)
            for i in 0..<y.count { squared[i] += d[i] * d[i] }
        }
        for i in 0..<y.count { XCTAssertEqual(norms[i], squared[i].squareRoot(), accuracy: 1e-10) }
    }

    /// The top Ritz pair of a diagonal operator is its largest entry and the matching axis.
    func testTopEigenvector() {
        let diagonal = [1.0, 5, 2, 3, 0.5, 4]
        let (value, vector) = Lanczos.topEigenvector(dimension: 6, steps: 6, seed: 1) { v in
            zip(diagonal, v).map { $0 * $1 }
        }
        XCTAssertEqual(value, 5, accuracy: 1e-10)
        XCTAssertEqual(abs(vector[1]), 1, accuracy: 1e-8)
    }
}
