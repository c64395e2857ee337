import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeModel
import XCTest

/// The spectrum's kernels against the dense Hessian of tiny nets, all exact references.
final class SpectrumTests: XCTestCase {
    struct Problem {
        let hvp: HessianVectorProduct
        let x: [Double]
        let count: Int
        /// The dense Hessian and its Gauss–Newton part, row-major count × count.
        let hessian: [Double]
        let gaussNewton: [Double]
    }

    /// A trained-looking tiny net (scaled weights, random data); the dense matrices from exact
    /// products with the unit vectors (the R-operator is checked against finite differences in
    /// HessianTests, the G-term route against explicit Jacobians).
    func problem(
        n: Int = 10, h: Int = 8, hidden: Int = 2, k: Int = 4, objects: Int = 40, bias: Bool = false, seed: UInt64 = 1
    )
        -> Problem
    {
        let arch = MLPArchitecture(inputs: n, width: h, hiddenLayers: hidden, classes: k, bias: bias)
        var net = MLP<Double>(architecture: arch, seed: seed)
        net.parameters = net.parameters.map { $0 * 1.5 }
        var rng = SeededGenerator(seed: seed + 100)
        let x = (0..<(objects * n)).map { _ in rng.nextGaussian() }
        let y = (0..<objects).map { _ in Int32(rng.nextIndex(below: k)) }
        let hvp = HessianVectorProduct(network: net, inputs: x, labels: y)
        let count = arch.parameterCount
        func dense(_ gaussNewton: Bool) -> [Double] {
            var m = [Double](repeating: 0, count: count * count)
            for j in 0..<count {
                let column = hvp.apply((0..<count).map { $0 == j ? 1.0 : 0.0 }, gaussNewton: gaussNewton)
                for i in 0..<count { m[i * count + j] = column[i] }
            }
            return m
        }
        return Problem(hvp: hvp, x: x, count: count, hessian: dense(false), gaussNewton: dense(true))
    }

    func trace(_ m: [Double], _ n: Int) -> Double { (0..<n).reduce(0) { $0 + m[$1 * n + $1] } }

    /// G·v from the R-backward equals (1/m) Σ J_iᵀ A_i J_i v with J_i from explicit backward passes
    /// (each row of J_i one backward pass from a unit logit gradient).
    func testGaussNewtonProductsMatchExplicitJacobians() {
        let p = problem(objects: 6)
        let a = p.hvp.network.architecture, k = a.classes, n = a.inputs, count = p.count
        var expected = [Double](repeating: 0, count: count * count)
        for obj in 0..<6 {
            let ws = MLPWorkspace<Double>(architecture: a, capacity: 1)
            let x = Array(p.x[(obj * n)..<((obj + 1) * n)])
            var jacobian = [Double](repeating: 0, count: k * count)
            x.withUnsafeBufferPointer { xp in
                p.hvp.network.forward(xp.baseAddress!, batch: 1, workspace: ws)
                for c in 0..<k {
                    var g = [Double](repeating: 0, count: count)
                    p.hvp.network.backward(
                        xp.baseAddress!, batch: 1, workspace: ws, dLogits: (0..<k).map { $0 == c ? 1 : 0 }, gradient: &g
                    )
                    for j in 0..<count { jacobian[c * count + j] = g[j] }
                }
            }
            let prob = Array(p.hvp.probabilities[(obj * k)..<((obj + 1) * k)])
            for i in 0..<count {
                for j in 0..<count {
                    var s = 0.0
                    for c in 0..<k {
                        for d in 0..<k {
                            s +=
                                jacobian[c * count + i] * ((c == d ? prob[c] : 0) - prob[c] * prob[d])
                                * jacobian[d * count + j]
                        }
                    }
                    expected[i * count + j] += s / 6
                }
            }
        }
        let scale = expected.map(abs).max()!
        for i in expected.indices { XCTAssertEqual(p.gaussNewton[i], expected[i], accuracy: 1e-10 * scale) }
    }

    /// tr H = tr G, and each layer's block trace, from the per-object K × K Grams: exact, so to rounding.
    func testExactTracesMatchTheDenseHessian() {
        for bias in [false, true] {
            let p = problem(bias: bias, seed: bias ? 2 : 1)
            let perObject = GaussNewton.layerTraces(p.hvp)
            let total = perObject.reduce(0) { $0 + $1.reduce(0, +) } / Double(p.hvp.count)
            XCTAssertEqual(total, trace(p.gaussNewton, p.count), accuracy: 1e-10 * abs(total), "bias \(bias)")
            XCTAssertEqual(total, trace(p.hessian, p.count), accuracy: 1e-10 * abs(total), "bias \(bias): tr H = tr G")
            let a = p.hvp.network.architecture
            for (layer, offset) in a.layerOffsets.enumerated() {
                let size = a.layerShapes[layer].out * a.layerShapes[layer].in
                let block = (offset.weights..<(offset.weights + size)).reduce(0) { $0 + p.hessian[$1 * p.count + $1] }
                let exact = perObject.reduce(0) { $0 + $1[layer] } / Double(p.hvp.count)
                // With biases the layer's bias block belongs to its trace too.
                let biasBlock =
                    bias
                    ? (0..<a.layerShapes[layer].out).reduce(0) {
                        $0 + p.hessian[(offset.bias + $1) * p.count + offset.bias + $1]
                    } : 0
                XCTAssertEqual(exact, block + biasBlock, accuracy: 1e-10 * max(1, abs(exact)), "layer \(layer)")
            }
        }
    }

    /// Float32 block products agree with the Double single products to Float rounding.
    func testFloatBlockProductsMatchDouble() {
        let p = problem(bias: true, seed: 3)
        let kernel = p.hvp.kernel.converted(to: Float.self)
        let vs = (0..<5).map { SpectralQuadrature.rademacher(p.count, seed: UInt64($0)) }
        for gaussNewton in [false, true] {
            let block = kernel.apply(vs, objects: 3..<37, gaussNewton: gaussNewton)
            for (v, product) in zip(vs, block) {
                let expected = p.hvp.apply(v, objects: 3..<37, gaussNewton: gaussNewton)
                let norm = expected.map { $0 * $0 }.reduce(0, +).squareRoot()
                let error = zip(product, expected).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
                // Float's unit roundoff 6e-8 times the few hundred terms of each sum: 1e-5 is ample.
                XCTAssertLessThan(error, 1e-5 * norm, "gaussNewton \(gaussNewton)")
            }
        }
        // One block holding both operators' vectors gives each its own product.
        let mixed = kernel.apply(vs, objects: 3..<37, gaussNewton: [true, false, true, true, false])
        for (b, (v, product)) in zip(vs, mixed).enumerated() {
            let expected = p.hvp.apply(v, objects: 3..<37, gaussNewton: [0, 2, 3].contains(b))
            let norm = expected.map { $0 * $0 }.reduce(0, +).squareRoot()
            let error = zip(product, expected).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            XCTAssertLessThan(error, 1e-5 * norm, "mixed block, vector \(b)")
        }
    }

    /// Gauss quadrature is exact for low degrees: each run's Σ τθ and Σ τθ² equal qᵀAq and qᵀA²q
    /// of its own start; the mean over many runs approaches tr(Aⁱ)/N within 4 standard errors.
    func testQuadratureMomentsAreExactPerRunAndUnbiased() throws {
        let p = problem()
        let n = p.count
        func product(_ v: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: n)
            BLAS.gemm(false, false, m: n, n: 1, k: n, p.hessian, v, beta: 0, &out)
            return out
        }
        let q = SpectralQuadrature.measure(dimension: n, runs: 200, steps: 12, seed: 7) { $0.map(product) }
        for (r, run) in q.runs.prefix(5).enumerated() {
            let z = SpectralQuadrature.rademacher(n, seed: derivedSeed(7, "slq", "\(r)"))
            let az = product(z)
            let first = BLAS.dot(n, z, az) / Double(n), second = BLAS.dot(n, az, az) / Double(n)
            let m1 = zip(run.nodes, run.weights).reduce(0) { $0 + $1.1 * $1.0 }
            let m2 = zip(run.nodes, run.weights).reduce(0) { $0 + $1.1 * $1.0 * $1.0 }
            XCTAssertEqual(m1, first, accuracy: 1e-10 * abs(second).squareRoot())
            XCTAssertEqual(m2, second, accuracy: 1e-10 * second)
        }
        var square = [Double](repeating: 0, count: n * n)
        BLAS.gemm(false, false, m: n, n: n, k: n, p.hessian, p.hessian, beta: 0, &square)
        for (i, exact) in [(1, trace(p.hessian, n) / Double(n)), (2, trace(square, n) / Double(n))] {
            let e = q.perRun { Foundation.pow($0, Double(i)) }
            XCTAssertLessThan(abs(e.mean - exact), 4 * e.standardError, "moment \(i)")
        }
    }

    /// SLQ's broadened density against the exact spectrum's, both at SLQ's documented width: 10
    /// runs of 80 steps on N = 196 (steps < N, so the nodes are not the eigenvalues). Rademacher
    /// weights have mean 1/N and variance below 2/N² per run, so the density carries Monte-Carlo
    /// noise: the L1 distance was 0.06–0.11 over 8 seeds; 0.2 fails a wrong quadrature (the
    /// spectrum shifted by 3σ is more than 0.5 away), not an unlucky seed.
    func testDensityMatchesTheExactSpectrum() throws {
        let p = problem(objects: 60)
        XCTAssertGreaterThan(p.count, 100)
        let eigenvalues = try LAPACK.symmetricEigenvalues(p.hessian, n: p.count)
        let exact = SpectralQuadrature(eigenvalues: eigenvalues)
        let q = SpectralQuadrature.measure(dimension: p.count, runs: 10, steps: 80, seed: 3) {
            p.hvp.kernel.apply($0, objects: 0..<p.hvp.count)
        }
        XCTAssertEqual(q.largest, eigenvalues.last!, accuracy: 1e-8 * abs(eigenvalues.last!))
        XCTAssertEqual(q.smallest, eigenvalues.first!, accuracy: 1e-8 * abs(eigenvalues.last!))
        // At SLQ's own width (the documented rule on its measure): 0.06–0.11 over 8 seeds.
        XCTAssertLessThan(SpectralQuadrature.distance(q, exact, width: q.width), 0.2)
        // A wrong measure is far: the spectrum shifted by its width.
        let shifted = SpectralQuadrature(eigenvalues: eigenvalues.map { $0 + 3 * q.width })
        XCTAssertGreaterThan(SpectralQuadrature.distance(shifted, exact, width: q.width), 0.5)
    }

    /// W₁ between two equal-size empirical spectra is the mean |difference| of the sorted values
    /// (the 1-D closed form), a shift moves it by exactly the shift, and Weyl bounds it by ‖A − B‖₂.
    func testWassersteinAgainstItsClosedForm() throws {
        var rng = SeededGenerator(seed: 4)
        let a = (0..<50).map { _ in rng.nextGaussian() }, b = (0..<50).map { _ in 2 * rng.nextUnit() }
        let closed = zip(a.sorted(), b.sorted()).reduce(0) { $0 + abs($1.0 - $1.1) } / 50
        let w = SpectralQuadrature.wasserstein(SpectralQuadrature(eigenvalues: a), SpectralQuadrature(eigenvalues: b))
        XCTAssertEqual(w, closed, accuracy: 1e-12)
        let shifted = SpectralQuadrature.wasserstein(
            SpectralQuadrature(eigenvalues: a), SpectralQuadrature(eigenvalues: a.map { $0 + 0.3 }))
        XCTAssertEqual(shifted, 0.3, accuracy: 1e-12)
        let p = problem(), n = p.count
        let difference = zip(p.hessian, p.gaussNewton).map { $0 - $1 }
        let norm = try LAPACK.symmetricEigenvalues(difference, n: n).map(abs).max()!
        let spectra = try [p.hessian, p.gaussNewton].map {
            SpectralQuadrature(eigenvalues: try LAPACK.symmetricEigenvalues($0, n: n))
        }
        XCTAssertLessThanOrEqual(SpectralQuadrature.wasserstein(spectra[0], spectra[1]), norm * (1 + 1e-12))
    }

    /// Hutchinson and Hutch++ against the exact trace; Hutch++ is exact once its sketch spans A's range.
    func testTraceEstimatorsAgainstTheExactTrace() {
        let p = problem()
        let n = p.count, exact = trace(p.hessian, n)
        let apply: ([[Double]]) -> [[Double]] = { p.hvp.kernel.apply($0, objects: 0..<p.hvp.count) }
        let h = TraceEstimate.hutchinson(dimension: n, probes: 400, seed: 5, apply: apply)
        XCTAssertLessThan(abs(h.value - exact), 4 * h.standardError)
        let full = TraceEstimate.hutchPlusPlus(dimension: n, products: 3 * n, seed: 5, apply: apply)
        XCTAssertEqual(full.value, exact, accuracy: 1e-8 * abs(exact))
        let some = TraceEstimate.hutchPlusPlus(dimension: n, products: 60, seed: 5, apply: apply)
        XCTAssertLessThan(abs(some.value - exact), 4 * some.standardError + 1e-9)
    }

    /// Outliers: a spectrum with a bulk in [0, 1] and four isolated eigenvalues far above counts four.
    func testOutlierCountOnAKnownSpectrum() {
        var rng = SeededGenerator(seed: 11)
        let n = 400
        let bulk = (0..<(n - 4)).map { _ in rng.nextUnit() }
        let values = bulk + [20, 30, 45, 60]
        let q = SpectralQuadrature.measure(dimension: n, runs: 10, steps: 60, seed: 2) { vs in
            vs.map { v in zip(v, values).map { $0 * $1 } }
        }
        let count = OutlierCount.measure(q)
        XCTAssertEqual(count.eigenvalues.count, 4)
        for (a, b) in zip(count.eigenvalues, [60.0, 45, 30, 20]) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        XCTAssertLessThan(count.bulkEdge, 20 - 2 * count.width)
    }
}
