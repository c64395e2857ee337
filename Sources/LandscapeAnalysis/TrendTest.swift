import LandscapeCore

/// Does y rise or fall with x, judged over several independent training seeds? Per seed, the
/// Spearman rank correlation ρ between x and y; the statistic is the mean ρ over seeds; its null
/// distribution (no trend) comes from permuting y within every seed independently.
///
/// The verdict can come out either way: *supported* when the one-sided p-value in the expected
/// direction is below `alpha`, *contradicted* when the opposite one is, *inconclusive* otherwise.
public struct TrendTest: Hashable, Sendable {
    public enum Verdict: String, Sendable { case supported, contradicted, inconclusive }

    /// ρ per seed, for the seeds with at least three points.
    public let correlations: [Double]
    /// The mean of `correlations`.
    public let meanCorrelation: Double
    /// One-sided permutation p-values for a rising and a falling trend: exact (every permutation
    /// within every seed) where the seeds have at most `exactLimit` points each, else from `draws`.
    public let pRising: Double
    public let pFalling: Double
    /// Whether the p-values are exact.
    public let exact: Bool
    public let verdict: Verdict

    public static let alpha = 0.05

    /// `seeds`: per seed, the (x, y) points of its usable networks. `expectRising`: the claim's direction.
    public init(seeds: [[(x: Double, y: Double)]], expectRising: Bool, draws: Int = 20_000, seed: UInt64 = 2409_11995) {
        let usable = seeds.filter { $0.count >= 3 }
        correlations = usable.map { s in Self.spearman(s.map(\.x), s.map(\.y)) }
        guard !correlations.isEmpty else {
            meanCorrelation = .nan; pRising = 1; pFalling = 1; verdict = .inconclusive; exact = false
            return
        }
        let observed = correlations.reduce(0, +) / Double(correlations.count)
        meanCorrelation = observed
        let ranksX = usable.map { Self.ranks($0.map(\.x)) }
        var ranksY = usable.map { Self.ranks($0.map(\.y)) }
        if let null = Self.exactNull(ranksX, ranksY) {
            // The sum of per-seed ρ on a 10⁻⁹ grid: ties with the observed sum count as "as extreme".
            let key = Self.key(correlations.reduce(0, +))
            // Summed in key order: a dictionary's own order changes from process to process.
            let sorted = null.sorted { $0.key < $1.key }
            pRising = sorted.filter { $0.key >= key - 1 }.reduce(0) { $0 + $1.value }
            pFalling = sorted.filter { $0.key <= key + 1 }.reduce(0) { $0 + $1.value }
            exact = true
        } else {
            var rng = SeededGenerator(seed: seed)
            var atLeast = 0, atMost = 0
            for _ in 0..<draws {
                var total = 0.0
                for s in usable.indices {
                    rng.shuffle(&ranksY[s])
                    total += Self.pearson(ranksX[s], ranksY[s])
                }
                let t = total / Double(usable.count)
                // A tolerance so that ties with the observed value count as "as extreme".
                if t >= observed - 1e-12 { atLeast += 1 }
                if t <= observed + 1e-12 { atMost += 1 }
            }
            pRising = Double(atLeast + 1) / Double(draws + 1)
            pFalling = Double(atMost + 1) / Double(draws + 1)
            exact = false
        }
        let (pExpected, pOpposite) = expectRising ? (pRising, pFalling) : (pFalling, pRising)
        verdict = pExpected < Self.alpha ? .supported : pOpposite < Self.alpha ? .contradicted : .inconclusive
    }

    /// The most points per seed whose permutations are enumerated (8! = 40,320).
    public static let exactLimit = 8

    /// ρ on the integer grid the exact null distribution is kept on.
    static func key(_ rho: Double) -> Int64 { Int64((rho * 1e9).rounded()) }

    /// The exact null distribution of Σ_seeds ρ (grid key → probability) when every seed permutes
    /// its y independently and uniformly: each seed's ρ over all n! orders, then their convolution
    /// (ρ takes few distinct values, so the maps stay small). nil beyond `exactLimit` points.
    static func exactNull(_ ranksX: [[Double]], _ ranksY: [[Double]]) -> [Int64: Double]? {
        guard ranksY.allSatisfy({ $0.count <= exactLimit }) else { return nil }
        var total: [Int64: Double] = [0: 1]
        for (x, y) in zip(ranksX, ranksY) {
            var one: [Int64: Double] = [:]
            var order = y
            var count = 0
            permutations(&order, 0) { p in
                one[key(pearson(x, p)), default: 0] += 1
                count += 1
            }
            var next: [Int64: Double] = [:]
            for (a, pa) in total.sorted(by: { $0.key < $1.key }) {
                for (b, nb) in one.sorted(by: { $0.key < $1.key }) {
                    next[a + b, default: 0] += pa * nb / Double(count)
                }
            }
            guard next.count <= 1_000_000 else { return nil }
            total = next
        }
        return total
    }

    /// Calls `body` with every permutation of `a` (in place, by swaps).
    static func permutations(_ a: inout [Double], _ i: Int, _ body: ([Double]) -> Void) {
        if i >= a.count - 1 { body(a); return }
        for j in i..<a.count {
            a.swapAt(i, j)
            permutations(&a, i + 1, body)
            a.swapAt(i, j)
        }
    }

    /// Spearman's ρ: Pearson's correlation of the ranks (ties get their mean rank); 0 when either
    /// side is constant.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double { pearson(ranks(x), ranks(y)) }

    static func ranks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var r = [Double](repeating: 0, count: v.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && v[order[j + 1]] == v[order[i]] { j += 1 }
            let mean = Double(i + j) / 2 + 1
            for t in i...j { r[order[t]] = mean }
            i = j + 1
        }
        return r
    }

    static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices {
            sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb)
        }
        return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
    }

    /// Holm's step-down adjustment of a family of p-values (same order back): the i-th smallest
    /// becomes max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎), which controls the family-wise error.
    public static func holm(_ p: [Double]) -> [Double] {
        let m = p.count
        var adjusted = [Double](repeating: 1, count: m), running = 0.0
        for (rank, i) in p.indices.sorted(by: { p[$0] < p[$1] }).enumerated() {
            running = max(running, min(1, Double(m - rank) * p[i]))
            adjusted[i] = running
        }
        return adjusted
    }
}
