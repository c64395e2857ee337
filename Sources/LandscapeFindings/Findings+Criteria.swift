import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeExperiment

extension Findings {
    /// How many of n independent 95 % intervals may miss the truth by chance: the smallest x with
    /// P(Binomial(n, 0.05) > x) < 0.05.
    static func chanceExclusions(_ n: Int) -> Int {
        var cumulative = 0.0, term = Foundation.pow(0.95, Double(n))
        for x in 0...n {
            cumulative += term
            if 1 - cumulative < 0.05 { return x }
            term *= Double(n - x) / Double(x + 1) * 0.05 / 0.95
        }
        return n
    }

    /// The criteria's findings, each a count that could have come out otherwise.
    func criteriaFindings() -> [Finding] {
        var out: [Finding] = []
        let groups = SeedGroup.groups(results).filter { !$0.trained.isEmpty }
        let pooled = groups.compactMap { DecayExponent.pooled($0.trained.compactMap(\.decay), seed: 1) }
        if !pooled.isEmpty {
            let off = pooled.filter { !$0.contains(-1) }.count, allowed = Self.chanceExclusions(pooled.count)
            out.append(
                Finding(
                    id: "run/delta1-rate", kind: .construction,
                    claim: "Δ₁ = |ℒₖ₊₁ − ℒₖ| falls as k⁻¹ on the tail (k ≥ \(spec.criteria.tailFrom)).",
                    failures: max(0, off - allowed),
                    checked: pooled.count,
                    evidence:
                        "fitted exponents \(NumberFormat.range(pooled.map(\.exponent), digits: 3, fixed: true)) over \(pooled.count) trained architectures; \(off) of the 95 % intervals exclude −1 (up to \(allowed) would be chance at this many intervals). The same rate holds for any fixed losses taken in random order (docs/criteria.md), so this confirms the measurement, not a property of the landscape."
                ))
        }
        for criterion in Criteria.all {
            guard let reported = criterion as? any CriterionFindings.Type else { continue }
            out += reported.findings(self)
        }
        return out
    }
}

/// A criterion's run-wide findings (ids `run/<claim>`), computed from the networks that hold its
/// record. `CriteriaRegistryTests` checks every registered criterion conforms.
public protocol CriterionFindings: Criterion {
    static func findings(_ all: Findings) -> [Finding]
}

extension Findings {
    /// Each measured network with its record of `criterion`.
    public func records<C: Criterion>(_ criterion: C.Type) -> [(c: CriteriaMeasurement, record: C.Record)] {
        results.configurations.compactMap(\.criteria).compactMap { c in c[criterion].map { (c: c, record: $0) } }
    }
}
