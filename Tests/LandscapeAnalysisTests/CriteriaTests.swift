import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeModel
import XCTest

/// The criteria beyond the paper against independent answers: dense Hessians, exact enumeration
/// of orderings, Monte Carlo on models whose answer is known.
final class CriteriaTests: XCTestCase {
    func network(
        n: Int = 7, h: Int = 5, hidden: Int = 2, k: Int = 3, bias: Bool = false, objects: Int = 6, seed: UInt64 = 4
    ) -> (MLP<Double>, [Double], [Int32]) {
        var net = MLP<Double>(
            architecture: MLPArchitecture(inputs: n, width: h, hiddenLayers: hidden, classes: k, bias: bias), seed: seed
        )
        net.parameters = net.parameters.map { $0 * 1.5 }
        var rng = SeededGenerator(seed: seed + 50)
        return (
            net, (0..<(objects * n)).map { _ in rng.nextGaussian() },
            (0..<objects).map { _ in Int32(rng.nextIndex(below: k)) }
        )
    }

    /// Object i's dense Hessian, column j = H_i e_j by the R-operator (exact up to rounding; the
    /// R-operator itself is checked against finite differences in HessianTests).
    func denseHessian(_ hvp: HessianVectorProduct, object i: Int) -> [Double] {
        let n = hvp.network.architecture.parameterCount
        var h = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            let column = hvp.apply(e, objects: i..<(i + 1))
            for r in 0..<n { h[r * n + j] = column[r] }
        }
        return h
    }

    /// B_i = UᵀH_iU and g_i = Uᵀ∇ℓ_i against the dense Hessian and finite differences of the loss,
    /// with and without biases. Rounding only: relative 1e-10.
    func testSubspaceProjectionMatchesDenseHessians() {
        for bias in [false, true] {
            let (net, x, y) = network(bias: bias)
            let hvp = HessianVectorProduct(network: net, inputs: x, labels: y)
            let n = net.architecture.parameterCount
            var rng = SeededGenerator(seed: 3)
            let u = (0..<4).map { _ in (0..<n).map { _ in rng.nextGaussian() } }
            let p = SubspaceProjection(hvp, directions: u)
            for i in 0..<y.count {
                let h = denseHessian(hvp, object: i)
                var scale = 0.0, error = 0.0
                for j in 0..<4 {
                    for l in 0..<4 {
                        var expected = 0.0
                        for r in 0..<n { for c in 0..<n { expected += u[j][r] * h[r * n + c] * u[l][c] } }
                        scale = max(scale, abs(expected))
                        error = max(error, abs(p.hessian(i, j, l) - expected))
                    }
                }
                XCTAssertLessThanOrEqual(error, 1e-10 * max(1, scale), "bias \(bias), object \(i)")
                // Gradient: central differences of ℓ_i along u_j (step 1e-5: truncation ≈ 1e-10).
                for j in 0..<4 {
                    func loss(_ t: Double) -> Double {
                        var moved = net
                        for q in 0..<n { moved.parameters[q] += t * u[j][q] }
                        return HessianVectorProduct(
                            network: moved, inputs: Array(x[(i * 7)..<((i + 1) * 7)]), labels: [y[i]]
                        ).losses()[0]
                    }
                    let fd = (loss(1e-5) - loss(-1e-5)) / 2e-5
                    XCTAssertEqual(p.gradients[i * 4 + j], fd, accuracy: 1e-7 * max(1, abs(fd)))
                }
                XCTAssertEqual(p.losses[i], hvp.losses()[i], accuracy: 1e-14)
            }
        }
    }

    /// The full-space closed form through U = I (every direction) equals the one built from dense
    /// per-object Hessians: Var ℓ, Cov(ℓ, Tr H), (1/m)Σ‖∇ℓ_i − ∇ℒ‖², (1/m)Σ‖H_i − H̄‖_F², Var Tr H.
    /// Both routes are exact; they differ by rounding only (1e-8 relative, as the issue asks).
    func testFullSpaceMomentsMatchTheDenseHessianRoute() {
        let (net, x, y) = network()
        let hvp = HessianVectorProduct(network: net, inputs: x, labels: y)
        let n = net.architecture.parameterCount, m = y.count
        let identity = (0..<n).map { j in (0..<n).map { $0 == j ? 1.0 : 0.0 } }
        let projected = GaussianMoments.subspace(SubspaceProjection(hvp, directions: identity), dimension: n)
        let dense = (0..<m).map { denseHessian(hvp, object: $0) }
        let mean = (0..<(n * n)).map { e in dense.reduce(0) { $0 + $1[e] } / Double(m) }
        let hessianVariance =
            dense.reduce(0.0) { s, h in s + zip(h, mean).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } } / Double(m)
        let traces = dense.map { h in (0..<n).reduce(0.0) { $0 + h[$1 * n + $1] } }
        let losses = hvp.losses()
        func cov(_ a: [Double], _ b: [Double]) -> Double {
            let ma = a.reduce(0, +) / Double(m), mb = b.reduce(0, +) / Double(m)
            return zip(a, b).reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) } / Double(m)
        }
        func close(_ a: Double, _ b: Double, _ what: String) {
            XCTAssertLessThanOrEqual(abs(a - b), 1e-8 * max(abs(b), 1e-12), what)
        }
        close(projected.hessianVariance, hessianVariance, "Σ Var H")
        close(projected.traceVariance, cov(traces, traces), "Var Tr H")
        close(projected.lossTraceCovariance, cov(losses, traces), "Cov(ℓ, Tr H)")
        close(projected.lossVariance, cov(losses, losses), "Var ℓ")
        for sigma in [1e-3, 1e-1, 1] {
            let denseLevel =
                cov(losses, losses) + sigma * sigma * (cov(losses, traces) + projected.gradientVariance)
                + pow(sigma, 4) / 4 * (2 * hessianVariance + cov(traces, traces))
            close(projected.level(sigma: sigma), denseLevel, "level at σ = \(sigma)")
        }
        // Hutchinson with many probes lands near the exact value (a statistical check, 400 probes).
        var rng = SeededGenerator(seed: 8)
        let probes = (0..<400).map { _ in (0..<n).map { _ in rng.nextGaussian() } }
        let estimate = GaussianMoments.hutchinson(SubspaceProjection(hvp, directions: probes))
        XCTAssertEqual(estimate.hessianVariance / hessianVariance, 1, accuracy: 0.15)
        XCTAssertEqual(estimate.gradientVariance / projected.gradientVariance, 1, accuracy: 0.15)
    }

    /// A model whose per-object losses are exactly quadratic in z: f_i(z) = ℓ_i + g_iᵀz + ½zᵀB_iz.
    func quadraticModel(objects m: Int, dimension d: Int, seed: UInt64) -> SubspaceProjection {
        var rng = SeededGenerator(seed: seed)
        var hessians = [Double](repeating: 0, count: m * d * d)
        for i in 0..<m {
            for j in 0..<d {
                for l in j..<d {
                    let v = rng.nextGaussian() * 3
                    hessians[(i * d + j) * d + l] = v; hessians[(i * d + l) * d + j] = v
                }
            }
        }
        return SubspaceProjection(
            losses: (0..<m).map { _ in abs(rng.nextGaussian()) },
            gradients: (0..<(m * d)).map { _ in rng.nextGaussian() },
            hessians: hessians, directions: d)
    }

    func quadraticLosses(_ q: SubspaceProjection, _ z: [Double]) -> [Double] {
        let d = q.directions
        return (0..<q.count).map { i in
            var f = q.losses[i]
            for j in 0..<d {
                f += q.gradients[i * d + j] * z[j]
                for l in 0..<d { f += 0.5 * z[j] * q.hessian(i, j, l) * z[l] }
            }
            return f
        }
    }

    /// Monte Carlo over z agrees with the closed form for one ordering within 4 standard errors.
    func testMonteCarloMatchesTheClosedFormOnAQuadraticModel() {
        let q = quadraticModel(objects: 30, dimension: 3, seed: 1)
        let order = Array(0..<30)
        for (k, sigma) in [(5, 0.3), (20, 1.0), (29, 0.05)] {
            var rng = SeededGenerator(seed: UInt64(k))
            let draws = 20_000
            let values = (0..<draws).map { _ -> Double in
                let f = quadraticLosses(q, (0..<3).map { _ in sigma * rng.nextGaussian() })
                let mean = f.prefix(k).reduce(0, +) / Double(k)
                let d = (f[k] - mean) / Double(k + 1)
                return d * d
            }
            let mc = values.reduce(0, +) / Double(draws)
            let se = (values.reduce(0) { $0 + ($1 - mc) * ($1 - mc) } / Double(draws - 1) / Double(draws)).squareRoot()
            let closed = GaussianMoments.atOrdering(q, dimension: 3, order: order, k: k, sigma: sigma)
            XCTAssertLessThanOrEqual(
                abs(mc - closed), 4 * se, "k = \(k), σ = \(sigma): MC \(mc) ± \(se), closed form \(closed)")
        }
    }

    /// The curvature bound's gradient term on an exactly linear model (a = 0, B = 0): k objects with
    /// gradient −g and the next with +g give f = 2σgᵀz, so E f² = 4σ²‖g‖² exactly. The re-derived
    /// constant 12σ²M_g² covers it; the paper's 3σ²M_g² does not (M_ℓ = 0 here, M_H negligible).
    func testCurvatureBoundGradientTerm() {
        let g = [0.3, -1.2, 0.5], norm = (g.reduce(0) { $0 + $1 * $1 }).squareRoot()
        for sigma in [1e-3, 0.1, 2.0] {
            let exact = 4 * sigma * sigma * norm * norm
            func bound(_ factor: Double) -> Double {
                Foundation.exp(
                    CriteriaBounds.curvature(
                        sigma: sigma, dimension: 3, loss: 0, gradient: norm, hessian: LogValue(1e-300),
                        gradientFactor: factor
                    ).log)
            }
            XCTAssertLessThanOrEqual(exact, bound(CriteriaBounds.derivedGradientFactor) * (1 + 1e-12), "σ = \(sigma)")
            XCTAssertGreaterThan(
                exact, bound(CriteriaBounds.statedGradientFactor), "σ = \(sigma): the stated term fails")
        }
    }

    /// The expectation over orderings: averaging the per-ordering closed form over all 5! orders
    /// equals m/(k(k+1)(m−1)) × the population bracket, exactly.
    func testOrderingAverageIsThePopulationFormula() {
        let q = quadraticModel(objects: 5, dimension: 2, seed: 2)
        func permutations(_ a: [Int]) -> [[Int]] {
            a.count <= 1
                ? [a] : a.indices.flatMap { i in permutations(Array(a[..<i] + a[(i + 1)...])).map { [a[i]] + $0 } }
        }
        let all = permutations(Array(0..<5))
        XCTAssertEqual(all.count, 120)
        for k in 1...4 {
            for sigma in [0.1, 1.0] {
                let average =
                    all.reduce(0.0) { $0 + GaussianMoments.atOrdering(q, dimension: 2, order: $1, k: k, sigma: sigma) }
                    / 120
                let formula = GaussianMoments.subspace(q, dimension: 2).value(k: k, objects: 5, sigma: sigma)
                XCTAssertEqual(average, formula, accuracy: 1e-12 * abs(formula), "k = \(k), σ = \(sigma)")
            }
        }
    }

    /// The run streams the projections in Float32 (`ProjectedMoments` over a Float kernel); against
    /// the Double route every moment agrees within 1e-4 relative. Why that bound: each Float entry of
    /// g_i and B_i carries rounding of about √(inner dimension)·2⁻²⁴ ≈ 1e-6 of its size, a variance
    /// doubles it and the sums over entries do not grow it, so 1e-4 is a tenfold margin — while a
    /// wrong object, mask or chunk seam (m = 700 crosses two of the 256-object chunks) moves a
    /// moment by far more. Both routes stream through Welford's update, which also matches the
    /// dense two-pass route above.
    func testFloatProjectedMomentsMatchDouble() {
        for bias in [false, true] {
            let (net, x, y) = network(n: 12, h: 8, hidden: 2, k: 4, bias: bias, objects: 700, seed: 9)
            let hvp = HessianVectorProduct(network: net, inputs: x, labels: y)
            let n = net.architecture.parameterCount
            var rng = SeededGenerator(seed: 11)
            let u = (0..<6).map { _ in (0..<n).map { _ in rng.nextGaussian() } }
            let double = ProjectedMoments(hvp.kernel, losses: hvp.losses(), directions: u)
            let float = ProjectedMoments(hvp.kernel.converted(to: Float.self), losses: hvp.losses(), directions: u)
            XCTAssertEqual(float.count, 700)
            let pairs: [(GaussianMoments, GaussianMoments, String)] =
                [(GaussianMoments.hutchinson(double), GaussianMoments.hutchinson(float), "Hutchinson")]
                + [1, 3, 6].map {
                    (
                        GaussianMoments.subspace(double, dimension: $0), GaussianMoments.subspace(float, dimension: $0),
                        "D = \($0)"
                    )
                }
            for (d, f, what) in pairs {
                let fields: [(Double, Double, String)] = [
                    (d.lossVariance, f.lossVariance, "Var ℓ"), (d.gradientVariance, f.gradientVariance, "Σ Var g"),
                    (d.hessianVariance, f.hessianVariance, "Σ Var B"), (d.traceVariance, f.traceVariance, "Var Tr B"),
                    (d.lossTraceCovariance, f.lossTraceCovariance, "Cov(ℓ, Tr B)"),
                ]
                for (a, b, name) in fields {
                    XCTAssertGreaterThan(abs(a), 1e-8, "\(what) \(name) is not degenerate")
                    XCTAssertLessThanOrEqual(abs(a - b), 1e-4 * abs(a), "bias \(bias), \(what): \(name) \(a) vs \(b)")
                }
            }
            // The per-object route gives the same moments as the streamed one (Double, same order).
            let perObject = GaussianMoments.subspace(SubspaceProjection(hvp, directions: u), dimension: 6)
            XCTAssertEqual(perObject, GaussianMoments.subspace(double, dimension: 6))
        }
    }

    /// On a small trained network, the Monte-Carlo criterion in the top-K subspace agrees with the
    /// closed form: the levels within 10 % at σ = 1e-3 (as the issue asks), and the σ-dependent
    /// excess over Var ℓ(θ̂) within 4 standard errors where it is well above Float rounding.
    func testMonteCarloMatchesTheClosedFormOnARealNetwork() {
        let arch = MLPArchitecture(inputs: 12, width: 8, hiddenLayers: 1, classes: 3)
        var rng = SeededGenerator(seed: 5)
        let m = 300
        let x = (0..<(m * 12)).map { _ in Float(rng.nextGaussian()) }
        let y = (0..<m).map { i in Int32((x[i * 12] > 0 ? 1 : 0) + (x[i * 12 + 1] > 0.5 ? 1 : 0)) }
        var settings = TrainingSettings()
        settings.epochs = 20
        let trained = Trainer.train(arch, inputs: x, labels: y, settings: settings, seed: 1).network
        let hvp = HessianVectorProduct(
            network: trained.converted(to: Double.self), inputs: x.map(Double.init), labels: y)
        let u = Lanczos.topEigenvectors(dimension: arch.parameterCount, count: 3, steps: 30, seed: 1) { hvp.apply($0) }
            .vectors
        let moments = GaussianMoments.subspace(SubspaceProjection(hvp, directions: u), dimension: 3)
        let sigmas = [1e-3, 3e-2]
        let mc = MonteCarloCriterion.measure(
            network: trained, inputs: x, labels: y, sigmas: sigmas, draws: 400, permutations: 20,
            permutationSeed: 1, sampled: [9, 99], tailFrom: 1, seed: 2
        ) { rng in
            var w = [Double](repeating: 0, count: arch.parameterCount)
            for v in u { let z = rng.nextGaussian(); for j in w.indices { w[j] += z * v[j] } }
            return w
        }
        XCTAssertEqual(mc[0].level / moments.level(sigma: 1e-3), 1, accuracy: 0.1)
        let excess = mc[1].level - moments.lossVariance,
            closedExcess = moments.level(sigma: 3e-2) - moments.lossVariance
        XCTAssertGreaterThan(
            abs(closedExcess), 10 * mc[1].levelStandardError,
            "the excess must be measurable for the test to mean anything")
        XCTAssertLessThanOrEqual(
            abs(excess - closedExcess), 4 * mc[1].levelStandardError,
            "MC \(excess) ± \(mc[1].levelStandardError), closed \(closedExcess)")
    }

    /// The exponent fit recovers −1 and −2 inside its interval on noisy power laws, and its
    /// interval excludes an exponent 0.1 away (so the test could fail).
    func testDecayExponentRecoversPowerLaws() {
        let k = ConvergenceCurve.sampleIndices(count: 10_000, points: 60).map { $0 + 1 }
        for b in [-1.0, -2.0] {
            var rng = SeededGenerator(seed: UInt64(-b))
            let replicates = (0..<100).map { _ in
                k.map { 3 * pow(Double($0), b) * max(0.05, 1 + 0.8 * rng.nextGaussian()) }
            }
            let fit = DecayExponent.fit(k: k, replicates: replicates, from: 100, seed: 1)!
            XCTAssertTrue(fit.contains(b), "\(b): \(fit)")
            XCTAssertFalse(fit.contains(b + 0.1))
            XCTAssertFalse(fit.contains(b - 0.1))
            XCTAssertEqual(fit.value(at: 1_000), 3 * pow(1_000, b), accuracy: 0.2 * 3 * pow(1_000, b))
        }
    }

    /// "Every m ≥ k" against the first crossing on a curve that dips below ε and comes back.
    func testSufficientSampleSizeNeedsEveryLaterPoint() {
        let k = Array(1...8)
        let curve = [5, 3, 0.9, 1.2, 0.8, 0.5, 0.4, 0.3]
        let s = SufficientSampleSize(k: k, curve: curve, epsilon: 1, fit: nil)
        XCTAssertEqual(s.firstCrossing, 3)
        XCTAssertEqual(s.settled, 5)
        XCTAssertTrue(s.differs)
        // Not settled by the end: the fitted power law says where it would be.
        let fit = DecayFit(exponent: -1, intercept: 0, lower: -1, upper: -1, standardError: 0, points: 8)
        let late = SufficientSampleSize(k: k, curve: k.map { 1 / Double($0) }, epsilon: 0.01, fit: fit)
        XCTAssertNil(late.settled)
        XCTAssertEqual(late.extrapolated!, 100, accuracy: 1e-9)
    }

    /// Ritz vectors of a matrix with a known spectrum are its eigenvectors.
    func testTopEigenvectorsOfAKnownMatrix() {
        let n = 50
        var rng = SeededGenerator(seed: 6)
        // A = Q diag(λ) Qᵀ with λ = 10, 9, 8, then a bulk in [0, 1].
        let q = (0..<n).map { _ in (0..<n).map { _ in rng.nextGaussian() } }
        var basis: [[Double]] = []
        for v in q {
            var w = v
            for b in basis { let c = zip(w, b).reduce(0) { $0 + $1.0 * $1.1 }; w = zip(w, b).map { $0 - c * $1 } }
            let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            basis.append(w.map { $0 / norm })
        }
        let lambda = [10.0, 9, 8] + (3..<n).map { _ in rng.nextUnit() }
        let apply: ([Double]) -> [Double] = { v in
            var out = [Double](repeating: 0, count: n)
            for (b, l) in zip(basis, lambda) {
                let c = zip(v, b).reduce(0) { $0 + $1.0 * $1.1 } * l; for j in 0..<n { out[j] += c * b[j] }
            }
            return out
        }
        let top = Lanczos.topEigenvectors(dimension: n, count: 3, steps: 30, seed: 1, apply: apply)
        for r in 0..<3 {
            XCTAssertEqual(top.values[r], lambda[r], accuracy: 1e-9)
            XCTAssertEqual(abs(zip(top.vectors[r], basis[r]).reduce(0) { $0 + $1.0 * $1.1 }), 1, accuracy: 1e-8)
        }
        XCTAssertEqual(
            SubspaceCriterion.overlap(Array(top.vectors.prefix(2)), Array(basis.prefix(2))), 1, accuracy: 1e-8)
        XCTAssertEqual(SubspaceCriterion.overlap([basis[0]], [basis[1]]), 0, accuracy: 1e-12)
    }
}
