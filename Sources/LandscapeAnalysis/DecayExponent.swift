import Foundation
import LandscapeCore

/// A power law c·k^b fitted on a curve's tail, with a 95 % bootstrap interval for b.
public struct DecayFit: Codable, Hashable, Sendable {
    /// b, the slope of log₁₀ y on log₁₀ k.
    public let exponent: Double
    /// log₁₀ c.
    public let intercept: Double
    /// 2.5 % and 97.5 % bootstrap quantiles of b, and the bootstrap standard deviation.
    public let lower: Double
    public let upper: Double
    public let standardError: Double
    /// The sampled k used (k ≥ the tail's start).
    public let points: Int

    public init(exponent: Double, intercept: Double, lower: Double, upper: Double, standardError: Double, points: Int) {
        self.exponent = exponent; self.intercept = intercept; self.lower = lower; self.upper = upper
        self.standardError = standardError; self.points = points
    }

    /// c·k^b.
    public func value(at k: Double) -> Double { Foundation.pow(10, intercept + exponent * Foundation.log10(k)) }

    public func contains(_ b: Double) -> Bool { lower <= b && b <= upper }
}

/// The decay exponent of a criterion: least squares of log y on log k over sampled k ≥ `from`.
/// The interval resamples the replicates (permutations, or Monte-Carlo draws) with replacement;
/// `pooled` adds the seeds as an outer level.
public enum DecayExponent {
    public static let resamples = 1_000

    /// (slope, intercept) of log₁₀ values on log₁₀ k over k ≥ from, positive values only.
    public static func leastSquares(k: [Int], values: [Double], from: Int) -> (slope: Double, intercept: Double, points: Int)? {
        let pairs = zip(k, values).filter { $0.0 >= from && $0.1 > 0 && $0.1.isFinite }.map { (Foundation.log10(Double($0.0)), Foundation.log10($0.1)) }
        guard pairs.count >= 3 else { return nil }
        let n = Double(pairs.count)
        let mx = pairs.reduce(0) { $0 + $1.0 } / n, my = pairs.reduce(0) { $0 + $1.1 } / n
        let sxx = pairs.reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) }
        guard sxx > 0 else { return nil }
        let slope = pairs.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / sxx
        return (slope, my - slope * mx, pairs.count)
    }

    /// Fits the mean of `replicates` (rows: one curve per replicate at `k`) and bootstraps rows.
    public static func fit(k: [Int], replicates: [[Double]], from: Int, seed: UInt64) -> DecayFit? {
        guard !replicates.isEmpty else { return nil }
        func meanCurve(_ rows: [Int]) -> [Double] {
            (0..<k.count).map { s in rows.reduce(0) { $0 + replicates[$1][s] } / Double(rows.count) }
        }
        guard let point = leastSquares(k: k, values: meanCurve(Array(replicates.indices)), from: from) else { return nil }
        var rng = SeededGenerator(seed: seed)
        let slopes = (0..<resamples).compactMap { _ in
            leastSquares(k: k, values: meanCurve(replicates.indices.map { _ in rng.nextIndex(below: replicates.count) }), from: from)?.slope
        }
        return summarise(slope: point.slope, intercept: point.intercept, points: point.points, bootstrap: slopes)
    }

    /// Several seeds' fits of one configuration: the mean exponent, and an interval from a two-level
    /// bootstrap (seeds with replacement, then each seed's exponent drawn from its own bootstrap
    /// spread as a normal: only each fit's summary is stored).
    public static func pooled(_ fits: [DecayFit], seed: UInt64) -> DecayFit? {
        guard !fits.isEmpty else { return nil }
        let n = Double(fits.count)
        var rng = SeededGenerator(seed: seed)
        let slopes = (0..<resamples).map { _ in
            (0..<fits.count).reduce(0.0) { s, _ in
                let f = fits[rng.nextIndex(below: fits.count)]
                return s + f.exponent + f.standardError * rng.nextGaussian()
            } / n
        }
        return summarise(slope: fits.reduce(0) { $0 + $1.exponent } / n, intercept: fits.reduce(0) { $0 + $1.intercept } / n,
                         points: fits.map(\.points).min() ?? 0, bootstrap: slopes)
    }

    static func summarise(slope: Double, intercept: Double, points: Int, bootstrap: [Double]) -> DecayFit {
        let s = bootstrap.sorted()
        func q(_ f: Double) -> Double { s.isEmpty ? slope : s[min(s.count - 1, max(0, Int((f * Double(s.count - 1)).rounded())))] }
        let mean = s.reduce(0, +) / Double(max(1, s.count))
        let sd = s.count > 1 ? (s.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(s.count - 1)).squareRoot() : 0
        return DecayFit(exponent: slope, intercept: intercept, lower: q(0.025), upper: q(0.975), standardError: sd, points: points)
    }
}
