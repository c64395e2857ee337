import Foundation
import LandscapeCore

/// Stochastic Lanczos quadrature (docs/spectrum.md): the spectral measure μ = (1/N) Σᵢ δ(λᵢ) of a
/// symmetric N × N operator from `runs` Lanczos processes with Rademacher starts q_r (‖q_r‖ = 1).
/// Run r's Gauss quadrature — nodes θ_rj (Ritz values) and weights τ_rj = (e₁ᵀy_rj)² — integrates
/// every polynomial of degree < 2·steps exactly against q_rᵀ f(A) q_r, whose mean over Rademacher
/// starts is ∫f dμ: each run is a Hutchinson sample of every spectral moment at once.
public struct SpectralQuadrature: Codable, Hashable, Sendable {
    public struct Run: Codable, Hashable, Sendable {
        /// Ritz values, ascending, and their weights (summing to 1).
        public let nodes: [Double]
        public let weights: [Double]
        /// β_s·|y_{s,j}| per node: ‖A·u − θ·u‖ for the Ritz pair, 0 when the Krylov space is invariant.
        public let residuals: [Double]
    }

    /// N.
    public let dimension: Int
    public let runs: [Run]

    public init(dimension: Int, runs: [Run]) {
        self.dimension = dimension
        self.runs = runs
    }

    /// The exact measure of known eigenvalues (one run, weights 1/N, no residuals): the reference
    /// the tests hold SLQ to.
    public init(eigenvalues: [Double]) {
        let n = eigenvalues.count
        self.init(
            dimension: n,
            runs: [
                Run(
                    nodes: eigenvalues.sorted(), weights: [Double](repeating: 1 / Double(n), count: n),
                    residuals: [Double](repeating: 0, count: n))
            ])
    }

    /// `runs` Lanczos processes of `steps` steps (full reorthogonalisation), run r from the
    /// Rademacher vector of `derivedSeed(seed, "slq", r)`: the same seed gives the same starts
    /// for any operator of the same dimension, so two spectra measured with it share their noise.
    /// The runs go in lockstep: `apply` gets one vector per unfinished run (a block product).
    public static func measure(
        dimension n: Int, runs: Int, steps: Int, seed: UInt64, apply: ([[Double]]) -> [[Double]]
    ) -> SpectralQuadrature {
        let starts = (0..<runs).map { rademacher(n, seed: derivedSeed(seed, "slq", "\($0)")) }
        return SpectralQuadrature(
            dimension: n, runs: Lanczos.tridiagonals(starts: starts, steps: steps, apply: apply).map(run))
    }

    /// A Rademacher vector (entries ±1).
    public static func rademacher(_ n: Int, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { _ in rng.next() & 1 == 0 ? 1 : -1 }
    }

    /// Nodes, weights and residuals of one Lanczos process: T = Y Θ Yᵀ.
    static func run(_ t: Lanczos.Tridiagonal) -> Run {
        let s = t.alpha.count
        guard let (values, vectors) = try? LAPACK.symmetricEigen(Lanczos.matrix(t.alpha, t.beta), n: s) else {
            return Run(nodes: [], weights: [], residuals: [])
        }
        return Run(
            nodes: values, weights: (0..<s).map { vectors[$0 * s] * vectors[$0 * s] },
            residuals: (0..<s).map { t.residual * abs(vectors[$0 * s + s - 1]) })
    }

    /// ∫λⁱ dμ estimated: the mean over runs of Σⱼ τ_rj θ_rjⁱ (exactly q_rᵀAⁱq_r for i < 2·steps).
    public func moment(_ i: Int) -> Double { perRun { Foundation.pow($0, Double(i)) }.mean }

    /// The mean over runs of Σⱼ τ_rj f(θ_rj) and its standard error across runs.
    public func perRun(_ f: (Double) -> Double) -> (mean: Double, standardError: Double) {
        let values = runs.map { r in zip(r.nodes, r.weights).reduce(0) { $0 + $1.1 * f($1.0) } }
        let (mean, error) = TraceEstimate.meanAndError(values)
        return (mean, values.count > 1 ? error : .nan)
    }

    /// tr A = N·∫λ dμ, with its standard error: each run is one Hutchinson probe.
    public var trace: (value: Double, standardError: Double) {
        let m = perRun { $0 }
        return (Double(dimension) * m.mean, Double(dimension) * m.standardError)
    }

    /// The largest and smallest Ritz values over the runs: never outside [λ_min, λ_max] (Cauchy
    /// interlacing), and equal to them once converged (`residual`).
    public var largest: Double { runs.compactMap(\.nodes.last).max() ?? 0 }
    public var smallest: Double { runs.compactMap(\.nodes.first).min() ?? 0 }

    /// Broadening width σ = (λ̂₉₉ − λ̂₁)/steps, the 1 % and 99 % quantiles of the measure: a
    /// steps-node quadrature resolves the bulk, where nearly all the mass lies, about that finely.
    /// The full range would not do: one outlier 100 × the bulk's extent would smear the bulk into
    /// a single Gaussian; outliers are isolated converged nodes and need no resolution of their own.
    public var width: Double {
        let steps = runs.map(\.nodes.count).max() ?? 1
        let floor = 1e-6 * max(abs(largest), abs(smallest), 1e-300)
        return max(quantile(0.99) - quantile(0.01), floor) / Double(max(1, steps))
    }

    /// The smallest node at which the measure's distribution function (over all runs) reaches q.
    public func quantile(_ q: Double) -> Double {
        let pooled = runs.flatMap { zip($0.nodes, $0.weights) }.sorted { $0.0 < $1.0 }
        let total = pooled.reduce(0) { $0 + $1.1 }
        var c = 0.0
        for (node, weight) in pooled {
            c += weight
            if c >= q * total { return node }
        }
        return pooled.last?.0 ?? 0
    }

    /// The density of μ convolved with a Gaussian of standard deviation `width` on a uniform grid
    /// (each node adds to the points within 8σ of it).
    public func density(on grid: SpectralGrid, width: Double) -> [Double] {
        var out = [Double](repeating: 0, count: grid.count)
        let norm = 1 / (width * (2 * Double.pi).squareRoot() * Double(max(1, runs.count)))
        let reach = min(grid.count, Int(min(1e6, (8 * width / grid.step).rounded(.up))))
        for r in runs {
            for (theta, tau) in zip(r.nodes, r.weights) {
                let position = ((theta - grid.lower) / grid.step).rounded()
                guard position.isFinite, position > -Double(reach) - 1, position < Double(grid.count + reach) else {
                    continue
                }
                let centre = Int(position)
                for i in max(0, centre - reach)...min(grid.count - 1, max(0, centre + reach)) {
                    let z = (grid.point(i) - theta) / width
                    out[i] += tau * Foundation.exp(-0.5 * z * z) * norm
                }
            }
        }
        return out
    }

    /// A uniform grid covering the measures' nodes and 6σ either side, σ/2 apart (at most
    /// `limit` points; coarser beyond).
    public static func grid(_ measures: [SpectralQuadrature], width: Double, limit: Int = 200_000) -> SpectralGrid {
        let lower = (measures.map(\.smallest).min() ?? 0) - 6 * width
        let upper = (measures.map(\.largest).max() ?? 0) + 6 * width
        let step = max(width / 2, (upper - lower) / Double(limit - 1))
        // A results file from elsewhere may hold any finite numbers: an unusable span is one point.
        guard lower.isFinite, step.isFinite, step > 0, (upper - lower).isFinite else {
            return SpectralGrid(lower: lower.isFinite ? lower : 0, step: 1, count: 1)
        }
        return SpectralGrid(lower: lower, step: step, count: min(limit, Int(((upper - lower) / step).rounded(.up)) + 1))
    }

    /// ∫|ρ_a − ρ_b| dλ of the two measures broadened by `width` (trapezoid rule on `grid`): in
    /// [0, 2], twice the mass that would have to move by more than about σ.
    public static func distance(_ a: SpectralQuadrature, _ b: SpectralQuadrature, width: Double) -> Double {
        let g = grid([a, b], width: width)
        let da = a.density(on: g, width: width), db = b.density(on: g, width: width)
        var s = 0.0
        for i in 0..<g.count { s += abs(da[i] - db[i]) * (i == 0 || i == g.count - 1 ? 0.5 : 1) }
        return s * g.step
    }
}

extension SpectralQuadrature {
    /// The first Wasserstein distance ∫|F_a − F_b| dλ between the two measures' distribution
    /// functions (each the mean over its runs): in eigenvalue units, needing no width, and at most
    /// (1/N)·Σ|λᵢ(A) − λᵢ(B)| ≤ ‖A − B‖₂ for the exact spectra (Weyl).
    public static func wasserstein(_ a: SpectralQuadrature, _ b: SpectralQuadrature) -> Double {
        func masses(_ q: SpectralQuadrature, _ sign: Double) -> [(Double, Double)] {
            let share = sign / Double(max(1, q.runs.count))
            return q.runs.flatMap { r in zip(r.nodes, r.weights).map { ($0, $1 * share) } }
        }
        let events = (masses(a, 1) + masses(b, -1)).sorted { $0.0 < $1.0 }
        var difference = 0.0, total = 0.0
        for (current, next) in zip(events, events.dropFirst()) {
            difference += current.1
            total += abs(difference) * (next.0 - current.0)
        }
        return total
    }

    /// ∫|λ| dμ: the scale W₁ is measured against.
    public var meanAbsolute: Double { perRun { abs($0) }.mean }
}

/// Uniformly spaced eigenvalues: lower, lower + step, …
public struct SpectralGrid: Sendable {
    public let lower: Double, step: Double, count: Int
    public init(lower: Double, step: Double, count: Int) {
        self.lower = lower
        self.step = step
        self.count = count
    }
    public func point(_ i: Int) -> Double { lower + step * Double(i) }
    public var points: [Double] { (0..<count).map(point) }
}
