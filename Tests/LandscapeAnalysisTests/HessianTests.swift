import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeModel
import Numerics
import XCTest

/// Hessian measurements against independent answers on tiny nets, all in Double.
final class HessianTests: XCTestCase {
    struct Problem {
        let net: MLP<Double>
        let x: [Double]
        let y: [Int32]
    }

    func problem(
        n: Int = 8, h: Int = 6, hidden: Int = 2, k: Int = 4, bias: Bool = false, objects: Int = 5, seed: UInt64 = 1,
        scale: Double = 1.5
    ) -> Problem {
        let arch = MLPArchitecture(inputs: n, width: h, hiddenLayers: hidden, classes: k, bias: bias)
        var net = MLP<Double>(architecture: arch, seed: seed)
        net.parameters = net.parameters.map { $0 * scale }
        var rng = SeededGenerator(seed: seed + 100)
        return Problem(
            net: net, x: (0..<(objects * n)).map { _ in rng.nextGaussian() },
            y: (0..<objects).map { _ in Int32(rng.nextIndex(below: k)) })
    }

    /// Exact gradient of the mean loss by the backward pass (checked against finite differences elsewhere).
    func gradient(_ net: MLP<Double>, _ x: [Double], _ y: [Int32]) -> [Double] {
        let a = net.architecture, b = y.count
        let ws = MLPWorkspace<Double>(architecture: a, capacity: b)
        var d = [Double](repeating: 0, count: b * a.classes), g = [Double](repeating: 0, count: a.parameterCount)
        x.withUnsafeBufferPointer { xp in
            net.forward(xp.baseAddress!, batch: b, workspace: ws)
            _ = SoftmaxCrossEntropy.forwardBackward(
                logits: ws.logits, labels: y, batch: b, classes: a.classes, dLogits: &d)
            net.backward(xp.baseAddress!, batch: b, workspace: ws, dLogits: d, gradient: &g)
        }
        return g
    }

    /// The full Hessian, column by column, from central differences of exact gradients.
    func finiteDifferenceHessian(_ p: Problem) -> [Double] {
        let count = p.net.architecture.parameterCount, delta = 1e-5
        var h = [Double](repeating: 0, count: count * count)
        for j in 0..<count {
            var plus = p.net, minus = p.net
            plus.parameters[j] += delta
            minus.parameters[j] -= delta
            let gp = gradient(plus, p.x, p.y), gm = gradient(minus, p.x, p.y)
            for i in 0..<count { h[i * count + j] = (gp[i] - gm[i]) / (2 * delta) }
        }
        for i in 0..<count {
            for j in 0..<i {
                let s = (h[i * count + j] + h[j * count + i]) / 2; h[i * count + j] = s; h[j * count + i] = s
            }
        }
        return h
    }

    func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            / max(1e-300, b.map { $0 * $0 }.reduce(0, +).squareRoot())
    }

    /// H·v from the R-operator equals the finite-difference Hessian times v. Central differences
    /// of exact gradients carry O(δ²) ≈ 1e-10 truncation and O(ε/δ) ≈ 1e-11 rounding error.
    func testHessianVectorProductsMatchTheFiniteDifferenceHessian() {
        for (bias, seed) in [(false, UInt64(1)), (true, UInt64(2))] {
            let p = problem(bias: bias, seed: seed)
            let count = p.net.architecture.parameterCount
            XCTAssertGreaterThanOrEqual(count, 100)
            let h = finiteDifferenceHessian(p)
            let hvp = HessianVectorProduct(network: p.net, inputs: p.x, labels: p.y)
            var rng = SeededGenerator(seed: 9)
            for _ in 0..<3 {
                let v = (0..<count).map { _ in rng.nextGaussian() }
                var expected = [Double](repeating: 0, count: count)
                BLAS.gemm(false, false, m: count, n: 1, k: count, h, v, beta: 0, &expected)
                XCTAssertLessThanOrEqual(relativeError(hvp.apply(v), expected), 1e-6, "bias \(bias)")
            }
        }
    }

    /// The K × K route equals the top eigenvalue of Jᵀ A J built from explicit Jacobians.
    func testGaussNewtonKxKRouteMatchesExplicitJacobians() throws {
        let p = problem(k: 5, objects: 4, seed: 3)
        let a = p.net.architecture, k = a.classes, count = a.parameterCount, n = a.inputs
        let norms = GaussNewton.perObjectNorms(HessianVectorProduct(network: p.net, inputs: p.x, labels: p.y))
        for obj in 0..<p.y.count {
            // Row c of J is ∂z_c/∂θ: one backward pass from the unit vector e_c.
            let x = Array(p.x[(obj * n)..<((obj + 1) * n)])
            let ws = MLPWorkspace<Double>(architecture: a, capacity: 1)
            var jacobian = [Double](repeating: 0, count: k * count)
            var logits = [Double](repeating: 0, count: k)
            x.withUnsafeBufferPointer { xp in
                p.net.forward(xp.baseAddress!, batch: 1, workspace: ws)
                for c in 0..<k { logits[c] = ws.logits[c] }
                for c in 0..<k {
                    let unit = (0..<k).map { $0 == c ? 1.0 : 0.0 }
                    var g = [Double](repeating: 0, count: count)
                    p.net.backward(xp.baseAddress!, batch: 1, workspace: ws, dLogits: unit, gradient: &g)
                    for j in 0..<count { jacobian[c * count + j] = g[j] }
                }
            }
            let m = logits.max()!
            let e = logits.map { Foundation.exp($0 - m) }
            let prob = e.map { $0 / e.reduce(0, +) }
            var amatrix = [Double](repeating: 0, count: k * k)
            for i in 0..<k { for j in 0..<k { amatrix[i * k + j] = (i == j ? prob[i] : 0) - prob[i] * prob[j] } }
            var aj = [Double](repeating: 0, count: k * count), g = [Double](repeating: 0, count: count * count)
            BLAS.gemm(false, false, m: k, n: count, k: k, amatrix, jacobian, beta: 0, &aj)
            BLAS.gemm(true, false, m: count, n: count, k: k, jacobian, aj, beta: 0, &g)
            let dense = try LAPACK.symmetricEigenvalues(g, n: count).last!
            XCTAssertTrue(
                norms[obj].isApproximatelyEqual(to: dense, relativeTolerance: 1e-9),
                "object \(obj): \(norms[obj]) vs \(dense)")
        }
    }

    /// Lanczos Ritz values match a dense symmetric eigen-solve of the explicit Hessian.
    func testLanczosMatchesDenseEigenvalues() throws {
        let p = problem(seed: 4)
        let count = p.net.architecture.parameterCount
        let hvp = HessianVectorProduct(network: p.net, inputs: p.x, labels: p.y)
        // The explicit Hessian from exact products with the unit vectors.
        var h = [Double](repeating: 0, count: count * count)
        for j in 0..<count {
            let column = hvp.apply((0..<count).map { $0 == j ? 1.0 : 0.0 })
            for i in 0..<count { h[i * count + j] = column[i] }
        }
        let dense = Array(try LAPACK.symmetricEigenvalues(h, n: count).reversed())
        let scale = max(abs(dense.first!), abs(dense.last!))
        let ritz = Lanczos.eigenvalues(dimension: count, steps: 60, seed: 5, apply: { hvp.apply($0) })
        for i in 0..<3 {
            XCTAssertEqual(ritz[i], dense[i], accuracy: 1e-8 * scale, "eigenvalue \(i)")
        }
        XCTAssertEqual(ritz.last!, dense.last!, accuracy: 1e-8 * scale)
        XCTAssertEqual(
            Lanczos.spectralNorm(dimension: count, steps: 60, seed: 6, apply: { hvp.apply($0) }), scale,
            accuracy: 1e-8 * scale)
    }
}
