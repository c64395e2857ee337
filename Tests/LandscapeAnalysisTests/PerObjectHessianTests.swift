import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeModel
import XCTest

/// One object's Hessian on its small subspace, against the parameter-space R-operator and a dense
/// eigen-solve, in Double.
final class PerObjectHessianTests: XCTestCase {
    func problem(bias: Bool, seed: UInt64) -> HessianVectorProduct {
        let arch = MLPArchitecture(inputs: 7, width: 6, hiddenLayers: 2, classes: 4, bias: bias)
        var net = MLP<Double>(architecture: arch, seed: seed)
        net.parameters = net.parameters.map { $0 * 1.5 }
        var rng = SeededGenerator(seed: seed + 100)
        let objects = 5
        return HessianVectorProduct(
            network: net, inputs: (0..<(objects * arch.inputs)).map { _ in rng.nextGaussian() },
            labels: (0..<objects).map { _ in Int32(rng.nextIndex(below: arch.classes)) })
    }

    func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// embed(H_i·c) = H_i·embed(c) for any coordinates c, the right side by the parameter-space
    /// R-operator on object i alone. Both are exact up to rounding (sums of at most ~50 terms in
    /// other orders), so 1e-12 relative.
    func testProductsAreTheParameterSpaceProducts() {
        for (bias, seed) in [(false, UInt64(1)), (true, UInt64(2))] {
            let hvp = problem(bias: bias, seed: seed)
            let hessians = PerObjectHessian(hvp, objects: [0, 2, 4])
            XCTAssertLessThan(hessians.dimension, hvp.network.architecture.parameterCount)
            var rng = SeededGenerator(seed: 7)
            for (j, obj) in hessians.objects.enumerated() {
                let c = (0..<hessians.dimension).map { _ in rng.nextGaussian() }
                let expected = hvp.apply(hessians.embed(c, object: j), objects: obj..<(obj + 1))
                let got = hessians.embed(hessians.product(c, object: j), object: j)
                let error = norm(zip(got, expected).map { $0 - $1 })
                XCTAssertGreaterThan(norm(expected), 0)
                XCTAssertLessThanOrEqual(error, 1e-12 * norm(expected), "bias \(bias), object \(obj)")
            }
        }
    }

    /// H_i·v for any parameter-space v (not only those in S): through the orthogonal projection on
    /// S, against the parameter-space R-operator (1e-12 relative, as above).
    func testParameterSpaceProductsAreTheRoperators() {
        for (bias, seed) in [(false, UInt64(5)), (true, UInt64(6))] {
            let hvp = problem(bias: bias, seed: seed)
            let count = hvp.network.architecture.parameterCount
            let hessians = PerObjectHessian(hvp, objects: [1, 3])
            var rng = SeededGenerator(seed: 8)
            for (j, obj) in hessians.objects.enumerated() {
                let v = (0..<count).map { _ in rng.nextGaussian() }
                let expected = hvp.apply(v, objects: obj..<(obj + 1))
                let got = hessians.parameterSpaceProduct(v, object: j)
                XCTAssertGreaterThan(norm(expected), 0)
                XCTAssertLessThanOrEqual(
                    norm(zip(got, expected).map { $0 - $1 }), 1e-12 * norm(expected), "bias \(bias), object \(obj)")
            }
        }
    }

    /// An object whose input is 0 in a network without biases has every layer's input 0, so S = {0}
    /// and H_i = 0: its norm is 0 (not a Lanczos run from a zero start), and the others' are unchanged.
    func testAZeroInputHasNormZero() {
        let hvp = problem(bias: false, seed: 7)
        let n = hvp.network.architecture.inputs
        var x = (0..<(3 * n)).map { Double($0 % 5) - 2 }
        for c in n..<(2 * n) { x[c] = 0 }
        let zero = HessianVectorProduct(network: hvp.network, inputs: x, labels: [0, 1, 2])
        let count = hvp.network.architecture.parameterCount
        XCTAssertEqual(norm(zero.apply((0..<count).map { Double($0 % 3) }, objects: 1..<2)), 0)
        let seeds: [UInt64] = [1, 2, 3]
        let norms = PerObjectHessian(zero, objects: [0, 1, 2]).spectralNorms(steps: 20, seeds: seeds)
        XCTAssertEqual(norms[1], 0)
        XCTAssertTrue(norms.allSatisfy(\.isFinite))
        let alone = PerObjectHessian(zero, objects: [0, 2]).spectralNorms(steps: 20, seeds: [1, 3])
        // Lockstep with other objects changes only the row count of the weight products: rounding.
        for (a, b) in zip([norms[0], norms[2]], alone) { XCTAssertEqual(a, b, accuracy: 1e-12 * b) }
        XCTAssertGreaterThan(norms[0], 0)
    }

    /// The Lanczos norms on S equal max|λ| of each object's dense P × P Hessian (built from the
    /// parameter-space products with the unit vectors): with as many steps as S has dimensions the
    /// Krylov space is all of S ⊇ range(H_i), so the Ritz values are the eigenvalues (1e-9 relative:
    /// LAPACK against a tridiagonal of full reorthogonalised Lanczos).
    func testNormsAreTheDenseHessiansNorms() throws {
        for (bias, seed) in [(false, UInt64(3)), (true, UInt64(4))] {
            let hvp = problem(bias: bias, seed: seed)
            let count = hvp.network.architecture.parameterCount
            let hessians = PerObjectHessian(hvp, objects: Array(0..<hvp.count))
            let norms = hessians.spectralNorms(steps: hessians.dimension, seeds: (0..<hvp.count).map { UInt64($0) })
            for obj in 0..<hvp.count {
                var h = [Double](repeating: 0, count: count * count)
                for j in 0..<count {
                    let column = hvp.apply((0..<count).map { $0 == j ? 1.0 : 0.0 }, objects: obj..<(obj + 1))
                    for i in 0..<count { h[i * count + j] = column[i] }
                }
                let values = try LAPACK.symmetricEigenvalues(h, n: count)
                let dense = max(abs(values.first!), abs(values.last!))
                XCTAssertGreaterThan(dense, 0)
                XCTAssertEqual(norms[obj], dense, accuracy: 1e-9 * dense, "bias \(bias), object \(obj)")
            }
        }
    }
}
