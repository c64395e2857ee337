import Foundation
import LandscapeCore

/// What "the landscape converges" means here (docs/findings.md, "What converges"): the distance
/// |ℒ_k(θ) − ℒ_m(θ)| between the mean loss over the first k objects of a random order and the
/// mean over all m, averaged over orderings, against k.
///
/// For a fixed θ its mean square is exact (sampling without replacement, s² the population
/// variance of the m losses):  E_π(ℒ_k − ℒ_m)² = s²·(m − k)/(k·(m − 1)).
/// So the distance falls as k^(−1/2) until the finite-population factor takes it to 0 at k = m,
/// for any network and any θ: its rate is fixed by construction and only its level, s, is
/// information about the landscape.
public struct ConvergenceDistance: Codable, Hashable, Sendable {
    public let k: [Int]
    /// E_π|ℒ_k − ℒ_m| over random orders (Monte Carlo, `permutations` of them).
    public let meanAbsolute: [Double]
    /// √E_π(ℒ_k − ℒ_m)², exact.
    public let rootMeanSquare: [Double]
    /// s², the population variance of the losses (mean square deviation from their mean).
    public let variance: Double
    public let objects: Int
    public let permutations: Int

    /// √(s²(m − k)/(k(m − 1))): the exact root-mean-square distance at k of m.
    public static func rootMeanSquare(variance: Double, k: Int, objects m: Int) -> Double {
        guard m >= 2, k >= 1 else { return 0 }
        return (variance * Double(m - k) / (Double(k) * Double(m - 1))).squareRoot()
    }

    /// The smallest k whose exact root-mean-square distance is ≤ ε: solving the identity,
    /// k ≥ s²m/(ε²(m − 1) + s²). It answers "how many objects until ℒ_k is within ε of ℒ_m";
    /// `m` when even all but one object leave it above ε (never: k = m gives 0).
    public static func sampleSize(variance: Double, objects m: Int, epsilon: Double) -> Int {
        guard m >= 2, variance > 0 else { return 1 }
        var k = max(
            1, min(m, Int((variance * Double(m) / (epsilon * epsilon * Double(m - 1) + variance)).rounded(.up))))
        // The closed form is exact; the rounding of the division is not, so step to the true smallest k.
        while k > 1 && rootMeanSquare(variance: variance, k: k - 1, objects: m) <= epsilon { k -= 1 }
        while k < m && rootMeanSquare(variance: variance, k: k, objects: m) > epsilon { k += 1 }
        return k
    }

    /// s² of `losses` (the population variance the criteria use too; 0 for none).
    public static func variance(_ losses: [Double]) -> Double {
        losses.isEmpty ? 0 : GaussianMoments.variance(losses)
    }

    /// Measures the distance at `points` log-spaced k (always with k = 1 and the last k < m).
    public init(losses: [Double], permutations: Int, seed: UInt64, points: Int = 40) {
        let m = losses.count
        precondition(m >= 2 && permutations >= 1)
        let sampled = ConvergenceCurve.sampleIndices(count: m - 1, points: points).map { $0 + 1 }
        let full = losses.reduce(0, +) / Double(m)
        var sum = [Double](repeating: 0, count: sampled.count)
        var rng = SeededGenerator(seed: seed)
        var order = losses
        for _ in 0..<permutations {
            order = losses
            rng.shuffle(&order)
            var running = 0.0, next = 0
            for (i, loss) in order.enumerated() where next < sampled.count {
                running += loss
                if i + 1 == sampled[next] {
                    sum[next] += abs(running / Double(i + 1) - full)
                    next += 1
                }
            }
        }
        let s2 = Self.variance(losses)
        k = sampled
        meanAbsolute = sum.map { $0 / Double(permutations) }
        rootMeanSquare = sampled.map { Self.rootMeanSquare(variance: s2, k: $0, objects: m) }
        variance = s2
        objects = m
        self.permutations = permutations
    }

    /// The fitted exponent of the Monte-Carlo distance on k ∈ [10, m/10] (where the finite-
    /// population factor is within 5 % of 1): −1/2 by construction, up to Monte-Carlo noise.
    public var exponent: Double? {
        let rows = k.indices.filter { k[$0] * 10 <= objects }
        return DecayExponent.leastSquares(k: rows.map { k[$0] }, values: rows.map { meanAbsolute[$0] }, from: 10)?.slope
    }
}
