import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeModel
import XCTest

/// The growing-sample protocol's measurements at one point against independent references on a
/// tiny net: central finite differences for the mean gradient, and for a view every quantity
/// rebuilt from its definition — ℒ_{k+1} formed for each next object, gradients of the explicit
/// (k+1)-object mean, traces and λ_max from the dense Hessian built column by column.
final class GrowingSampleTests: XCTestCase {
    let arch = MLPArchitecture(inputs: 5, width: 6, hiddenLayers: 1, classes: 3)

    func data(_ count: Int, seed: UInt64) -> ([Double], [Int32]) {
        var rng = SeededGenerator(seed: seed)
        return (
            (0..<(count * arch.inputs)).map { _ in rng.nextGaussian() },
            (0..<count).map { _ in Int32(rng.nextIndex(below: 3)) }
        )
    }

    func meanLoss(_ net: MLP<Double>, _ x: [Double], _ y: [Int32]) -> Double {
        Evaluation.evaluate(net, inputs: x, labels: y).meanLoss
    }

    func rows(_ x: [Double], _ y: [Int32], _ r: [Int]) -> ([Double], [Int32]) {
        let n = arch.inputs
        return (r.flatMap { x[($0 * n)..<(($0 + 1) * n)] }, r.map { y[$0] })
    }

    /// Central differences with step 1e-5 in Double: truncation O(h²·ℓ''') ≈ 1e-10 and rounding
    /// ≈ 1e-16/h ≈ 1e-11, so 1e-7 absolute leaves a wide margin.
    func testMeanGradientMatchesFiniteDifferences() {
        let net = MLP<Double>(architecture: arch, seed: 3)
        let (x, y) = data(30, seed: 4)
        let g = net.meanGradient(x, labels: y, objects: 7..<23, chunk: 5)
        let (xs, ys) = rows(x, y, Array(7..<23))
        for j in 0..<arch.parameterCount {
            var plus = net, minus = net
            plus.parameters[j] += 1e-5
            minus.parameters[j] -= 1e-5
            let fd = (meanLoss(plus, xs, ys) - meanLoss(minus, xs, ys)) / 2e-5
            XCTAssertEqual(g[j], fd, accuracy: 1e-7, "parameter \(j)")
        }
    }

    func testViewMatchesItsDefinitions() throws {
        let trained = MLP<Float>(architecture: arch, seed: 5)
        let net = trained.converted(to: Double.self)
        let (x, y) = data(24, seed: 6)
        let k = 10, next = 10..<24, sigma = 0.3
        let o = GrowingSample.Objects(network: trained, inputs: x, labels: y)
        let v = o.view(k: k, next: next, sample: Array(next), sigma: sigma, seed: 7)

        let (xk, yk) = rows(x, y, Array(0..<k))
        let lossK = meanLoss(net, xk, yk)
        XCTAssertEqual(v.loss, lossK, accuracy: 1e-12)
        let gk = net.meanGradient(xk, labels: yk)
        XCTAssertEqual(v.gradient, BLAS.dot(gk.count, gk, gk).squareRoot(), accuracy: 1e-12)

        // Dense per-object Hessians (exact products with unit vectors) for the traces and λ_max.
        let p = arch.parameterCount
        let hvp = HessianVectorProduct(network: net, inputs: x, labels: y)
        func dense(_ objects: Range<Int>) -> [Double] {
            var m = [Double](repeating: 0, count: p * p)
            for j in 0..<p {
                let column = hvp.apply((0..<p).map { $0 == j ? 1.0 : 0.0 }, objects: objects)
                for i in 0..<p { m[i * p + j] = column[i] }
            }
            return m
        }
        func trace(_ m: [Double]) -> Double { (0..<p).reduce(0) { $0 + m[$1 * p + $1] } }
        let hk = dense(0..<k)
        XCTAssertEqual(v.trace, trace(hk), accuracy: 1e-9 * max(1, abs(trace(hk))))
        let top = try LAPACK.symmetricEigenvalues(hk, n: p).last!
        // Lanczos stops once its top Ritz value moves by < 1e-4 of itself in a step; Ritz values
        // rise monotonically to λ_max, so the value lies below it and, here, within that tolerance.
        let largest = try XCTUnwrap(v.largestEigenvalue)
        XCTAssertLessThanOrEqual(largest, top + 1e-10)
        XCTAssertEqual(largest, top, accuracy: 1e-4 * max(1, abs(top)))

        var differences: [Double] = [], squares: [Double] = [], gradients: [Double] = [], gaussian: [Double] = []
        let traceK = trace(hk)
        for j in next {
            let (xj, yj) = rows(x, y, Array(0..<k) + [j])
            let lossNext = meanLoss(net, xj, yj)
            differences.append(abs(lossNext - lossK))
            squares.append((lossNext - lossK) * (lossNext - lossK))
            let g = net.meanGradient(xj, labels: yj)
            gradients.append(BLAS.dot(g.count, g, g))
            // ℒ_{k+1} − ℒ_k ≈ a + cᵀz + ½zᵀBz at θ: a, c = ∇a, tr B from the explicit means.
            let c = zip(g, gk).map { $0 - $1 }
            let b = (trace(dense(j..<(j + 1))) + Double(k) * traceK) / Double(k + 1) - traceK
            let a = lossNext - lossK, s2 = sigma * sigma
            gaussian.append(a * a + s2 * (a * b + BLAS.dot(c.count, c, c)) + s2 * s2 * b * b / 4)
        }
        let u = Double(next.count)
        XCTAssertEqual(v.difference, differences.reduce(0, +) / u, accuracy: 1e-12)
        // The decomposition is exact: E_j[(ℒ_{k+1} − ℒ_k)²] = gapPart² + spreadPart².
        XCTAssertEqual(
            v.gapPart * v.gapPart + v.spreadPart * v.spreadPart, squares.reduce(0, +) / u,
            accuracy: 1e-12 * max(1, squares.max()!))
        XCTAssertEqual(v.nextGradient, (gradients.reduce(0, +) / u).squareRoot(), accuracy: 1e-10)
        XCTAssertEqual(v.gaussian, gaussian.reduce(0, +) / u, accuracy: 1e-9 * gaussian.max()!)
        let sorted = differences.sorted()
        XCTAssertTrue(sorted.first! <= v.differenceLower && v.differenceLower <= v.differenceUpper)
        XCTAssertTrue(v.differenceUpper <= sorted.last!)
    }

    /// With gradients and traces measured on a sample S of the next objects only, the view keeps
    /// every loss-based quantity exact and reads every gradient and trace term as a mean over S:
    /// rebuilt here from the explicit (k+1)-object means of the sample's objects.
    func testSampledViewMatchesItsDefinitions() throws {
        let trained = MLP<Float>(architecture: arch, seed: 5)
        let net = trained.converted(to: Double.self)
        let (x, y) = data(24, seed: 6)
        let k = 10, next = 10..<24, sigma = 0.3, sample = [11, 15, 20, 23]
        let whole = GrowingSample.Objects(network: trained, inputs: x, labels: y)
        let exact = whole.view(k: k, next: next, sample: Array(next), sigma: sigma, seed: 7)
        let o = GrowingSample.Objects(network: trained, inputs: x, labels: y, measured: Array(0..<k) + sample)
        let v = o.view(k: k, next: next, sample: sample, sigma: sigma, seed: 7)
        for (a, b) in [
            (v.loss, exact.loss), (v.difference, exact.difference), (v.gapPart, exact.gapPart),
            (v.spreadPart, exact.spreadPart), (v.gradient, exact.gradient), (v.trace, exact.trace),
            (v.objectGradient, exact.objectGradient),
            (try XCTUnwrap(v.largestEigenvalue), try XCTUnwrap(exact.largestEigenvalue)),
        ] { XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(b))) }

        let (xk, yk) = rows(x, y, Array(0..<k))
        let gk = net.meanGradient(xk, labels: yk), s2 = sigma * sigma
        let hvp = HessianVectorProduct(network: net, inputs: x, labels: y)
        func trace(_ objects: Range<Int>) -> Double {
            let p = arch.parameterCount
            return (0..<p).reduce(0) { t, j in t + hvp.apply((0..<p).map { $0 == j ? 1.0 : 0.0 }, objects: objects)[j] }
        }
        let lossK = meanLoss(net, xk, yk), traceK = trace(0..<k)
        var squares = 0.0, curvature = 0.0
        for j in sample {
            let (xj, yj) = rows(x, y, Array(0..<k) + [j])
            let g = net.meanGradient(xj, labels: yj)
            squares += BLAS.dot(g.count, g, g)
            let a = meanLoss(net, xj, yj) - lossK
            let b = (trace(j..<(j + 1)) + Double(k) * traceK) / Double(k + 1) - traceK
            let c = zip(g, gk).map { $0 - $1 }
            curvature += s2 * (a * b + BLAS.dot(c.count, c, c)) + s2 * s2 * b * b / 4
        }
        let n = Double(sample.count)
        XCTAssertEqual(v.nextGradient, (squares / n).squareRoot(), accuracy: 1e-10)
        // Δ₂'s a² part is exact over all next (gap² + spread²); the rest is the sample's mean.
        let expected = exact.gapPart * exact.gapPart + exact.spreadPart * exact.spreadPart + curvature / n
        XCTAssertEqual(v.gaussian, expected, accuracy: 1e-9 * abs(expected))

        // The running sums the fixed views share give the exact view; without a seed no λ_max.
        let sums = whole.gradientSums([k, next.upperBound])
        let shared = whole.view(
            k: k, next: next, sample: Array(next), sigma: sigma, seed: nil,
            sums: (sums[0], zip(sums[1], sums[0]).map { $0 - $1 }))
        XCTAssertNil(shared.largestEigenvalue)
        XCTAssertEqual(shared.gradient, exact.gradient, accuracy: 1e-12)
        XCTAssertEqual(shared.nextGradient, exact.nextGradient, accuracy: 1e-12)
        XCTAssertEqual(shared.gaussian, exact.gaussian, accuracy: 1e-12 * exact.gaussian)
    }

    /// The draw: `size` distinct rows of the range, ascending, the same for the same seed; the
    /// whole range when it is no larger.
    func testNextSampleIsADrawWithoutReplacement() {
        let a = GrowingSample.Objects.sample(100..<5_000, size: 300, seed: 9)
        XCTAssertEqual(a.count, 300)
        XCTAssertEqual(a, a.sorted())
        XCTAssertEqual(Set(a).count, 300)
        XCTAssertTrue(a.allSatisfy { (100..<5_000).contains($0) })
        XCTAssertEqual(a, GrowingSample.Objects.sample(100..<5_000, size: 300, seed: 9))
        XCTAssertNotEqual(a, GrowingSample.Objects.sample(100..<5_000, size: 300, seed: 10))
        XCTAssertEqual(GrowingSample.Objects.sample(3..<8, size: 300, seed: 9), [3, 4, 5, 6, 7])
        // Roughly uniform: the sample's mean row sits near the range's middle (s.d. ≈ 82 here).
        XCTAssertEqual(Double(a.reduce(0, +)) / 300, 2_549.5, accuracy: 330)
    }
}
