import LandscapeAnalysis
import LandscapeCore
import LandscapeModel
import XCTest

/// The convergence distance |ℒ_k − ℒ_m| against every ordering of a small set.
final class ConvergenceDistanceTests: XCTestCase {
    /// All orderings of `values`: each value first, then every ordering of the rest.
    func orderings(_ values: [Double]) -> [[Double]] {
        guard values.count > 1 else { return [values] }
        return values.indices.flatMap { i -> [[Double]] in
            var rest = values
            let first = rest.remove(at: i)
            return orderings(rest).map { [first] + $0 }
        }
    }

    /// The closed form E_π(ℒ_k − ℒ_m)² = s²(m − k)/(k(m − 1)) equals the average over all 720
    /// orderings of six losses at every k (to rounding: 1e-12 relative).
    func testMeanSquareIsExactOverAllOrderings() {
        let losses = [0.1, 2.5, 0.3, 0.0, 1.7, 4.2]
        let m = losses.count, full = losses.reduce(0, +) / Double(m)
        let all = orderings(losses)
        XCTAssertEqual(Set(all.map { $0.map(\.bitPattern) }).count, 720)
        let s2 = ConvergenceDistance.variance(losses)
        for k in 1...m {
            let enumerated =
                all.map { o -> Double in
                    let d = o.prefix(k).reduce(0, +) / Double(k) - full
                    return d * d
                }.reduce(0, +) / Double(all.count)
            let closed = ConvergenceDistance.rootMeanSquare(variance: s2, k: k, objects: m)
            XCTAssertEqual(closed * closed, enumerated, accuracy: 1e-12 * max(1, enumerated), "k = \(k)")
        }
    }

    /// The Monte-Carlo E|ℒ_k − ℒ_m| converges to the enumerated one: with 20,000 orders the
    /// standard error is below 0.01 for these losses (|d| ≤ 4.2), so 0.04 is a 4σ tolerance.
    func testMeanAbsoluteConvergesToTheEnumeratedExpectation() {
        let losses = [0.1, 2.5, 0.3, 0.0, 1.7, 4.2]
        let full = losses.reduce(0, +) / 6
        let all = orderings(losses)
        let d = ConvergenceDistance(losses: losses, permutations: 20_000, seed: 5)
        XCTAssertEqual(d.k, [1, 2, 3, 4, 5])
        for (j, k) in d.k.enumerated() {
            let exact = all.map { abs($0.prefix(k).reduce(0, +) / Double(k) - full) }.reduce(0, +) / 720
            XCTAssertEqual(d.meanAbsolute[j], exact, accuracy: 0.04, "k = \(k)")
        }
    }

    /// The sample size is the smallest k whose exact distance is within ε; and the fitted
    /// exponent of a large set's distance is −1/2 (by construction) within Monte-Carlo noise.
    func testSampleSizeIsTheSmallestKWithinEpsilonAndTheRateIsMinusOneHalf() {
        var rng = SeededGenerator(seed: 9)
        let losses = (0..<20_000).map { _ in abs(rng.nextGaussian()) }
        let s2 = ConvergenceDistance.variance(losses)
        for epsilon in [1e-1, 1e-2, 3e-3, 1e-3] {
            let k = ConvergenceDistance.sampleSize(variance: s2, objects: losses.count, epsilon: epsilon)
            XCTAssertLessThanOrEqual(
                ConvergenceDistance.rootMeanSquare(variance: s2, k: k, objects: losses.count), epsilon)
            if k > 1 {
                XCTAssertGreaterThan(
                    ConvergenceDistance.rootMeanSquare(variance: s2, k: k - 1, objects: losses.count), epsilon)
            }
        }
        let d = ConvergenceDistance(losses: losses, permutations: 200, seed: 3)
        XCTAssertEqual(d.exponent ?? 0, -0.5, accuracy: 0.05)
        XCTAssertEqual(
            d.rootMeanSquare.last!, ConvergenceDistance.rootMeanSquare(variance: s2, k: 19_999, objects: 20_000))
    }

    /// The neighbourhood: each direction's weight rows have their θ̂ rows' norms (filter
    /// normalisation), and each recorded variance is that of the losses at θ̂ + α·d, recomputed here.
    func testNeighbourhoodVariancesAreThoseOfTheMovedNetworks() {
        let arch = MLPArchitecture(inputs: 6, width: 5, hiddenLayers: 1, classes: 3)
        let net = MLP<Float>(architecture: arch, seed: 3)
        var rng = SeededGenerator(seed: 4)
        let x = (0..<(40 * 6)).map { _ in Float(rng.nextGaussian()) }
        let y = (0..<40).map { _ in Int32(rng.nextIndex(below: 3)) }
        let n = NeighbourhoodDistance.measure(
            network: net, inputs: x, labels: y, radii: [0.1, 0.5], directions: 2, seed: 8)
        var directions = SeededGenerator(seed: 8)
        let ds = (0..<2).map { _ in LandscapeSlice.filterNormalisedDirection(net, &directions) }
        for d in ds {
            for (p, (o, i)) in arch.layerShapes.enumerated() {
                let w = arch.layerOffsets[p].weights
                for r in 0..<o {
                    let dn = (0..<i).reduce(Float(0)) { $0 + d[w + r * i + $1] * d[w + r * i + $1] }
                    let tn = (0..<i).reduce(Float(0)) {
                        $0 + net.parameters[w + r * i + $1] * net.parameters[w + r * i + $1]
                    }
                    XCTAssertEqual(dn, tn, accuracy: 1e-4 * max(1, tn))
                }
            }
        }
        for (r, alpha) in [0.1, 0.5].enumerated() {
            for (j, d) in ds.enumerated() {
                var moved = net
                for q in 0..<d.count { moved.parameters[q] += Float(alpha) * d[q] }
                let losses = Evaluation.evaluate(moved, inputs: x, labels: y).losses
                XCTAssertEqual(n.variances[r][j], ConvergenceDistance.variance(losses), accuracy: 1e-12)
            }
        }
        XCTAssertEqual(
            n.centre, ConvergenceDistance.variance(Evaluation.evaluate(net, inputs: x, labels: y).losses),
            accuracy: 1e-12)
        XCTAssertEqual(n.largestVariance, (n.variances.flatMap { $0 } + [n.centre]).max()!)
    }
}
