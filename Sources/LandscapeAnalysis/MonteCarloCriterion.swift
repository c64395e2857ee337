import Foundation
import LandscapeCore
import LandscapeModel

/// The Gaussian criterion by Monte Carlo (docs/criteria.md):
///   Δ₂(k; σ) = E_{w ~ 𝒩(θ̂, σ²·Σ)} [(ℒ_{k+1}(w) − ℒ_k(w))²],
/// Σ = I_N (full space) or U_DU_Dᵀ (the top-D subspace, w = θ̂ + U_D z). Each draw is one forward
/// pass over every object; the orderings are Δ₁'s own permutations, dealt out to the pairs in turn.
/// Draws come in antithetic pairs (ε, −ε): the perturbation's odd terms (the gradient's, which
/// average to zero but dominate one draw's noise) cancel within a pair, and pairs are independent.
public struct MonteCarloCriterion: Codable, Hashable, Sendable {
    public let sigma: Double
    public let draws: Int
    /// Sampled sample sizes k.
    public let k: [Int]
    /// Mean over draws (and their orderings) of (ℒ_{k+1}(w) − ℒ_k(w))².
    public let mean: [Double]
    /// Monte-Carlo standard error of `mean` (s.d. over antithetic pairs ÷ √pairs).
    public let standardError: [Double]
    /// E_w[Var_i ℓ_i(w)], the level that fixes the curve's expectation over every ordering:
    /// E_π Δ₂ = level·m/(k(k+1)(m − 1)) (`GaussianMoments.orderingFactor`); and its standard error.
    public let level: Double
    public let levelStandardError: Double
    /// log–log slope on the tail, bootstrapped over the antithetic pairs (each with its orderings).
    public let decay: DecayFit?

    /// One criterion per σ. `direction` draws the unit-σ perturbation ε (length N); the same ε
    /// serve every σ (common random numbers, so σ-to-σ differences carry no draw-to-draw noise).
    public static func measure(
        network: MLP<Float>, inputs: [Float], labels: [Int32], sigmas: [Double], draws: Int,
        permutations: Int, permutationSeed: UInt64, sampled: [Int], tailFrom: Int, seed: UInt64,
        direction: (inout SeededGenerator) -> [Double]
    ) -> [MonteCarloCriterion] {
        let m = labels.count
        let orders = orderings(count: m, permutations: permutations, seed: permutationSeed)
        var rng = SeededGenerator(seed: seed)
        let pairs = (draws + 1) / 2
        // Every σ and sign of one ε in one pass (the first layer's product shared). One ε and its
        // losses at a time: memory does not grow with the draws, and only the sampled k are kept.
        let evaluator = PerturbedLosses(network: network, inputs: inputs, labels: labels)
        let scales = sigmas.flatMap { [$0, -$0] }
        var curvesBySigma = [[[Double]]](repeating: [], count: sigmas.count)
        var levelsBySigma = [[Double]](repeating: [], count: sigmas.count)
        for j in 0..<pairs {
            let lossesByScale = evaluator.losses(direction: direction(&rng), scales: scales)
            // Pair j reads its losses through orderings j, j + pairs, j + 2·pairs, …: every
            // ordering in exactly one pair, so pairs stay independent replicates.
            let mine = stride(from: j % orders.count, to: orders.count, by: pairs).map { orders[$0] }
            for s in sigmas.indices {
                for sign in 0..<2 {
                    // Draw 2j is +σε_j, draw 2j + 1 its antithetic −σε_j.
                    let losses = lossesByScale[2 * s + sign].map { $0.isFinite ? $0 : .greatestFiniteMagnitude }
                    levelsBySigma[s].append(GaussianMoments.variance(losses))
                    var curve = [Double](repeating: 0, count: sampled.count)
                    for order in mine {
                        let squared = squaredDifferences(losses, order: order, at: sampled)
                        for t in curve.indices { curve[t] += squared[t] / Double(mine.count) }
                    }
                    curvesBySigma[s].append(curve)
                }
            }
        }
        return sigmas.enumerated().map { s, sigma in
            let curves = curvesBySigma[s], levels = levelsBySigma[s]
            let k = sampled.map { $0 + 1 }
            let replicates = antitheticMeans(curves)
            let pairLevels = antitheticMeans(levels.map { [$0] })
            let (mean, se) = meanAndStandardError(replicates)
            let (level, levelSE) = meanAndStandardError(pairLevels)
            return MonteCarloCriterion(
                sigma: sigma, draws: 2 * pairs, k: k, mean: mean, standardError: se, level: level[0],
                levelStandardError: levelSE[0],
                decay: DecayExponent.fit(
                    k: k, replicates: replicates, from: tailFrom, seed: derivedSeed(seed, "decay", "\(sigma)")))
        }
    }

    /// The `permutations` orderings of `ConvergenceCurve` with this seed (the same shuffles).
    static func orderings(count m: Int, permutations: Int, seed: UInt64) -> [[Int32]] {
        var rng = SeededGenerator(seed: seed)
        return (0..<permutations).map { _ in
            var order = (0..<m).map(Int32.init)
            rng.shuffle(&order)
            return order
        }
    }

    /// (ℒ_{k+1} − ℒ_k)² = ((ℓ_{k+1} − ℒ_k)/(k+1))² in the given order, at sample indices t (k = t + 1).
    static func squaredDifferences(_ losses: [Double], order: [Int32], at sampled: [Int]) -> [Double] {
        var out = [Double](repeating: 0, count: sampled.count)
        var running = losses[Int(order[0])]
        var s = 0
        for k in 1..<order.count where s < sampled.count {
            let next = losses[Int(order[k])]
            if sampled[s] == k - 1 {
                let d = (next - running) / Double(k + 1)
                out[s] = d * d
                s += 1
            }
            running += (next - running) / Double(k + 1)
        }
        return out
    }

    /// The mean of each antithetic pair of rows (rows 2j and 2j + 1).
    static func antitheticMeans(_ rows: [[Double]]) -> [[Double]] {
        var out: [[Double]] = []
        var b = 0
        while b + 1 < rows.count {
            var row = rows[b]
            for s in row.indices { row[s] = (row[s] + rows[b + 1][s]) / 2 }
            out.append(row)
            b += 2
        }
        return out
    }

    /// Column means of `rows` and their standard errors (s.d. ÷ √rows).
    static func meanAndStandardError(_ rows: [[Double]]) -> ([Double], [Double]) {
        let n = Double(rows.count), width = rows.first?.count ?? 0
        let mean = (0..<width).map { s in rows.reduce(0) { $0 + $1[s] } / n }
        let se = (0..<width).map { s -> Double in
            guard rows.count > 1 else { return 0 }
            return (rows.reduce(0) { $0 + ($1[s] - mean[s]) * ($1[s] - mean[s]) } / (n - 1) / n).squareRoot()
        }
        return (mean, se)
    }
}
