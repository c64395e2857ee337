import Foundation
import LandscapeCore

/// docs/protocol.md, "The curve": for random orders of the per-object losses, the
/// differences |L_{k+1} − L_k| of the running means, averaged over permutations and smoothed.
public struct ConvergenceCurve: Sendable {
    /// Pointwise mean over permutations of |L_{k+1} − L_k|, index t = k − 1, k = 1..m−1.
    public let mean: [Double]
    /// Pointwise standard deviation across permutations (the band around `mean`).
    public let spread: [Double]
    /// `emaSmoothed(mean, factor)`.
    public let ema: [Double]
    /// `emaSmoothed(spread/√permutations, factor)`: the standard error of the mean, smoothed
    /// like the curve, so `ema ± emaStandardError` is the band the report shades.
    public let emaStandardError: [Double]

    /// Each permutation's |L_{k+1} − L_k| at the indices asked for (permutations × indices): the
    /// replicates a decay-exponent bootstrap resamples.
    public let replicates: [[Double]]

    /// m − 1 values: k runs 1…m−1.
    public var count: Int { mean.count }

    /// Averages `permutations` random orders of `losses` drawn from `seed`, in Double.
    /// Uses L_{k+1} − L_k = (ℓ_{k+1} − L_k)/(k+1), which avoids differencing two close means.
    /// `recordAt`: ascending indices t whose per-permutation values are kept in `replicates`.
    public init(losses: [Double], permutations: Int, emaFactor: Double, seed: UInt64, recordAt: [Int] = []) {
        let m = losses.count
        precondition(m >= 2 && permutations >= 1)
        var sum = [Double](repeating: 0, count: m - 1)
        var sumSquares = [Double](repeating: 0, count: m - 1)
        var rng = SeededGenerator(seed: seed)
        var order = losses
        var replicates: [[Double]] = []
        for _ in 0..<permutations {
            order = losses
            rng.shuffle(&order)
            var running = order[0] // L_1
            var recorded = [Double](), r = 0
            for k in 1..<m {
                let next = order[k] // ℓ_{k+1}
                let d = abs(next - running) / Double(k + 1)
                sum[k - 1] += d
                sumSquares[k - 1] += d * d
                if r < recordAt.count, recordAt[r] == k - 1 { recorded.append(d); r += 1 }
                running += (next - running) / Double(k + 1)
            }
            if !recordAt.isEmpty { replicates.append(recorded) }
        }
        self.replicates = replicates
        let p = Double(permutations)
        mean = sum.map { $0 / p }
        spread = zip(sum, sumSquares).map { s, q in max(0, q / p - (s / p) * (s / p)).squareRoot() }
        ema = emaSmoothed(mean, factor: emaFactor)
        emaStandardError = emaSmoothed(spread.map { $0 / p.squareRoot() }, factor: emaFactor)
    }

    /// Log-spaced sample indices t (k = t + 1), at most `points`, always with the last k.
    public static func sampleIndices(count: Int, points: Int = 1000) -> [Int] {
        guard count > points else { return Array(0..<count) }
        var indices: [Int] = []
        let top = Foundation.log(Double(count))
        for j in 0..<(points - 1) {
            let t = Int(Foundation.exp(top * Double(j) / Double(points - 2)).rounded()) - 1
            if t < count, indices.last.map({ t > $0 }) ?? true { indices.append(t) }
        }
        if indices.last != count - 1 { indices.append(count - 1) }
        return indices
    }
}

/// The exponential moving average of the protocol: e₁ = d₁, e_t = f·e_{t−1} + (1 − f)·d_t.
public func emaSmoothed(_ values: [Double], factor: Double) -> [Double] {
    var out = [Double](repeating: 0, count: values.count)
    guard let first = values.first else { return out }
    var e = first
    out[0] = e
    for t in 1..<values.count {
        e = factor * e + (1 - factor) * values[t]
        out[t] = e
    }
    return out
}
