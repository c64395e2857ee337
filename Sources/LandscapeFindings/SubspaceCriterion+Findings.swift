import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeExperiment

extension SubspaceCriterion: CriterionFindings {
    /// The curvature bound, against the closed form at every D, σ and sampled k.
    public static func findings(_ all: Findings) -> [Finding] {
        var out: [Finding] = []
        let cs = all.records(Self.self).map(\.c)
        let sigmas = all.results.spec.criteria.sigmas
        let subspaces = cs.flatMap { c in c.subspace.map { (c, $0) } }
        if !subspaces.isEmpty {
            var failures = 0, points = 0, ratios: [Double] = []
            for (c, s) in subspaces {
                for sg in sigmas {
                    let bound = c.curvatureBound(sigma: sg, dimension: s.dimension, theoremOne: false)
                    failures += CriteriaMeasurement.violations(
                        k: c.k, curve: c.k.map { s.moments.value(k: $0, objects: c.objects, sigma: sg) },
                        constant: bound)
                    points += c.k.count
                    ratios.append(Foundation.exp(bound.log) / max(s.moments.level(sigma: sg), 1e-300))
                }
            }
            out.append(
                Finding(
                    id: "run/curvature-bound", kind: .mathematical,
                    claim:
                        "Δ₂⁽ᴰ⁾ ≤ [12M_ℓ² + 12σ²M_g² + 3σ⁴(D²+2D)M_H²]/(k+1)² (the curvature bound, its gradient term re-derived: the paper writes 3σ²M_g²), with the measured M_H.",
                    failures: failures, checked: points,
                    evidence:
                        "\(failures) violations of \(points) (networks × D × σ × sampled k); bound ÷ closed-form level \(NumberFormat.range(ratios)). Its 12M_ℓ² term alone exceeds 12·Var ℓ, so at small σ it holds by construction; the σ⁴ term is where it could fail."
                ))
        }
        return out
    }
}
