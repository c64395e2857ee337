import Foundation
import LandscapeCore

/// How the spectrum of H^(k), the mean Hessian of the first k objects of an ordering, approaches
/// that of H^(m) (docs/spectrum.md). Every quantity is kept per ordering; the rates and their
/// intervals come from the orderings' spread.
public struct SpectralConvergence: Codable, Hashable, Sendable {
    public struct Point: Codable, Hashable, Sendable {
        public let k: Int
        /// W₁(μ_k, μ_m) = ∫|F_k − F_m| dλ between the SLQ measures (the same starts for both).
        public let wasserstein: [Double]
        /// |λ_max(H^(k)) − λ_max(H^(m))|.
        public let largest: [Double]
        /// |tr H^(k) − tr H^(m)| / N, exact.
        public let trace: [Double]
        /// ‖H^(k) − H^(m)‖₂ by Lanczos on the difference operator.
        public let norm: [Double]
        /// The mean of |λ_j(k) − λ_j(m)| / λ_j(m) over H^(m)'s outliers j (empty without outliers).
        public let outliers: [Double]
    }

    public let orderings: Int
    public let points: [Point]

    /// The rate sampling alone gives every quantity here: each is, to first order, a mean of k
    /// of m fixed per-object terms, whose deviation from the mean of all m falls as k^(−1/2).
    public static let samplingExponent = 0.5

    /// The decay exponent a of d(k) ≈ C·k^(−a), fitted per ordering on d(k)/√(1 − k/m) (the
    /// finite-population factor removed) and averaged, with a t-interval over the orderings.
    /// nil with fewer than two orderings or three positive points.
    public func exponent(
        _ quantity: KeyPath<Point, [Double]>, objects m: Int
    ) -> (value: Double, lower: Double, upper: Double)? {
        let slopes = (0..<orderings).compactMap { r -> Double? in
            let kept = points.filter { r < $0[keyPath: quantity].count && $0.k < m }
            return DecayExponent.leastSquares(
                k: kept.map(\.k),
                values: kept.map { $0[keyPath: quantity][r] / (1 - Double($0.k) / Double(m)).squareRoot() }, from: 1
            ).map { -$0.slope }
        }
        guard slopes.count >= 2 else { return nil }
        let (mean, se) = TraceEstimate.meanAndError(slopes)
        let t = DecayExponent.studentT975(degrees: slopes.count - 1)
        return (mean, mean - t * se, mean + t * se)
    }

    /// The mean over orderings of `quantity` at each k.
    public func mean(_ quantity: KeyPath<Point, [Double]>) -> [(k: Int, value: Double)] {
        points.compactMap { p in
            let v = p[keyPath: quantity]
            return v.isEmpty ? nil : (p.k, v.reduce(0, +) / Double(v.count))
        }
    }
}

extension SpectrumCriterion {
    /// The convergence curve at `convergenceSizes` (k ≤ m/10), over `spectrumOrderings` orderings
    /// (the first is the objects' own order). The SLQ at each k uses H^(m)'s starts, so the
    /// distance between the measures carries little of SLQ's own noise (common random numbers).
    static func convergence(
        _ kernel: HessianProductKernel<Float>, full: SpectralQuadrature, outliers: OutlierCount, traces: [Double],
        runs: Int, settings: CriteriaSettings, seed: UInt64
    ) -> SpectralConvergence {
        let m = kernel.count, n = kernel.architecture.parameterCount
        let sizes = convergenceSizes.filter { 10 * $0 <= m }
        let orders: [[Int]] = (0..<settings.spectrumOrderings).map { r in
            var order = Array(0..<m)
            var rng = SeededGenerator(seed: derivedSeed(seed, "ordering", "\(r)"))
            if r > 0 { rng.shuffle(&order) }
            return order
        }
        let traceM = traces.reduce(0, +) / Double(m)
        let pairs = orders.indices.flatMap { r in sizes.map { (ordering: r, k: $0) } }
        let subsets = pairs.map { kernel.subset(Array(orders[$0.ordering].prefix($0.k))) }
        // ‖H^(k) − H^(m)‖₂ for every (ordering, k) in lockstep: each step's H^(m) products are one block.
        let starts = pairs.indices.map {
            SpectralQuadrature.rademacher(n, seed: derivedSeed(seed, "difference", "\($0)"))
        }
        let norms = Lanczos.tridiagonals(starts: starts, steps: 10) { active, vs in
            let products = kernel.apply(vs, objects: 0..<m)
            return zip(active, zip(vs, products)).map { i, pair in
                let partial = subsets[i].apply([pair.0], objects: 0..<subsets[i].count)[0]
                return zip(partial, pair.1).map { $0 - $1 }
            }
        }.map { t -> Double in
            let run = SpectralQuadrature.run(t)
            return max(abs(run.nodes.first ?? 0), abs(run.nodes.last ?? 0))
        }
        let points = sizes.enumerated().map { j, k -> SpectralConvergence.Point in
            var wasserstein: [Double] = [], largest: [Double] = [], trace: [Double] = [], norm: [Double] = []
            var relative: [Double] = []
            for r in orders.indices {
                let i = r * sizes.count + j
                let q = SpectralQuadrature.measure(dimension: n, runs: runs, steps: settings.spectrumSteps, seed: seed)
                {
                    subsets[i].apply($0, objects: 0..<k)
                }
                wasserstein.append(SpectralQuadrature.wasserstein(q, full))
                largest.append(abs(q.largest - full.largest))
                trace.append(abs(orders[r].prefix(k).reduce(0) { $0 + traces[$1] } / Double(k) - traceM) / Double(n))
                norm.append(norms[i])
                if !outliers.eigenvalues.isEmpty {
                    let ritz = (q.runs.first?.nodes ?? []).sorted(by: >)
                    let errors = outliers.eigenvalues.indices.map { o in
                        o < ritz.count ? abs(ritz[o] - outliers.eigenvalues[o]) / outliers.eigenvalues[o] : 1
                    }
                    relative.append(errors.reduce(0, +) / Double(errors.count))
                }
            }
            return .init(k: k, wasserstein: wasserstein, largest: largest, trace: trace, norm: norm, outliers: relative)
        }
        return SpectralConvergence(orderings: orders.count, points: points)
    }
}
