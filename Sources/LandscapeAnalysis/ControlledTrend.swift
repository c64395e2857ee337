import Foundation
import LandscapeCore

/// A trend with a confound held fixed: the least-squares slope b₁ of log y = b₀ + b₁·log x + b₂·log c
/// over every network of a slice (seeds pooled: a network's seed is derived from its configuration,
/// so seeds are not blocks), with a 95 % pairs-bootstrap interval. With c the mean training loss it
/// asks whether x moves y at equal fit, which a trend in y alone cannot tell from a trend in fit.
public struct ControlledTrend: Sendable, Hashable {
    /// b₁ with c held fixed, and its 2.5 % and 97.5 % bootstrap quantiles.
    public let slope: Double
    public let lower: Double
    public let upper: Double
    /// b₂, the covariate's own slope.
    public let covariateSlope: Double
    /// The slope of log y on log x alone (no covariate), with its interval from the same resamples.
    public let unadjusted: Double
    public let unadjustedLower: Double
    public let unadjustedUpper: Double
    public let points: Int

    public enum Verdict: Sendable { case supported, contradicted, inconclusive }

    /// Supported when the interval lies wholly on the expected side of 0, contradicted when wholly
    /// on the other, else inconclusive.
    public func verdict(expectRising: Bool) -> Verdict {
        if lower > 0 { return expectRising ? .supported : .contradicted }
        if upper < 0 { return expectRising ? .contradicted : .supported }
        return .inconclusive
    }

    /// Fits on positive x, y and c (points with a non-positive value are left out); nil with fewer
    /// than 5 points or when x or c does not vary.
    public static func fit(
        x: [Double], y: [Double], covariate c: [Double], replicates: Int = 2_000, seed: UInt64 = 1
    ) -> ControlledTrend? {
        let keep = x.indices.filter { x[$0] > 0 && y[$0] > 0 && c[$0] > 0 && y[$0].isFinite && c[$0].isFinite }
        let lx = keep.map { Foundation.log(x[$0]) }, ly = keep.map { Foundation.log(y[$0]) }
        let lc = keep.map { Foundation.log(c[$0]) }
        let n = keep.count
        guard n >= 5, let full = leastSquares(Array(0..<n), lx, lc, ly), let alone = simple(Array(0..<n), lx, ly)
        else { return nil }
        var rng = SeededGenerator(seed: seed)
        var slopes: [Double] = [], simpleSlopes: [Double] = []
        for _ in 0..<replicates {
            let sample = (0..<n).map { _ in rng.nextIndex(below: n) }
            if let b = leastSquares(sample, lx, lc, ly) { slopes.append(b.1) }
            if let b = simple(sample, lx, ly) { simpleSlopes.append(b) }
        }
        guard slopes.count >= replicates / 2, simpleSlopes.count >= replicates / 2 else { return nil }
        let (lo, hi) = quantiles(slopes), (ulo, uhi) = quantiles(simpleSlopes)
        return ControlledTrend(
            slope: full.1, lower: lo, upper: hi, covariateSlope: full.2, unadjusted: alone, unadjustedLower: ulo,
            unadjustedUpper: uhi, points: n)
    }

    /// (b₀, b₁, b₂) of y on [1, x, c] over the rows `rows`, by the normal equations; nil when singular.
    static func leastSquares(_ rows: [Int], _ x: [Double], _ c: [Double], _ y: [Double]) -> (Double, Double, Double)? {
        // Centred, the intercept drops out: a 2 × 2 system in (b₁, b₂).
        let n = Double(rows.count)
        let mx = rows.reduce(0) { $0 + x[$1] } / n, mc = rows.reduce(0) { $0 + c[$1] } / n
        let my = rows.reduce(0) { $0 + y[$1] } / n
        var sxx = 0.0, scc = 0.0, sxc = 0.0, sxy = 0.0, scy = 0.0
        for i in rows {
            let (dx, dc, dy) = (x[i] - mx, c[i] - mc, y[i] - my)
            sxx += dx * dx; scc += dc * dc; sxc += dx * dc; sxy += dx * dy; scy += dc * dy
        }
        let det = sxx * scc - sxc * sxc
        guard sxx > 0, scc > 0, det > 1e-12 * sxx * scc else { return nil }
        let b1 = (sxy * scc - scy * sxc) / det, b2 = (scy * sxx - sxy * sxc) / det
        return (my - b1 * mx - b2 * mc, b1, b2)
    }

    /// The slope of y on x alone over `rows`; nil when x does not vary.
    static func simple(_ rows: [Int], _ x: [Double], _ y: [Double]) -> Double? {
        let n = Double(rows.count)
        let mx = rows.reduce(0) { $0 + x[$1] } / n, my = rows.reduce(0) { $0 + y[$1] } / n
        var sxx = 0.0, sxy = 0.0
        for i in rows { sxx += (x[i] - mx) * (x[i] - mx); sxy += (x[i] - mx) * (y[i] - my) }
        return sxx > 0 ? sxy / sxx : nil
    }

    static func quantiles(_ values: [Double]) -> (Double, Double) {
        let s = values.sorted()
        func q(_ p: Double) -> Double { s[min(s.count - 1, max(0, Int((p * Double(s.count - 1)).rounded())))] }
        return (q(0.025), q(0.975))
    }
}
