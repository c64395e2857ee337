import Foundation
import LandscapeAnalysis
import LandscapeData
import LandscapeExperiment
import LandscapeFigures
import LandscapeFindings

extension SubspaceCriterion: CriterionSection {
    public static func section(_ content: ReportContent, _ d: Variant) -> [String] {
        content.measured(Self.self, d).isEmpty ? [] : [content.subspaceTable(d).markdown]
    }
}

extension ReportContent {
    /// The part of `sub`'s closed-form level that the perturbation adds, as a share of `full`'s.
    static func perturbationShare(_ sub: GaussianMoments, of full: GaussianMoments, sigma: Double) -> Double {
        (sub.level(sigma: sigma) - sub.lossVariance) / (full.level(sigma: sigma) - full.lossVariance)
    }

    /// Per D: how much of the perturbation's effect the top-D subspace carries, how stable the
    /// subspace is, and the curvature bound.
    func subspaceTable(_ d: Variant) -> HTMLTable {
        let cs = measured(SubspaceCriterion.self, d)
        let sigma = spec.criteria.sigmas.max() ?? 0.1, sigmas = spec.criteria.sigmas
        /// One D: every measured network with its subspace record at that D, and the bound's failures.
        struct Row {
            let dim: Int
            let s: [(c: CriteriaMeasurement, sub: SubspaceCriterion.Dimension)]
            let measured: Int, theorem: Int, points: Int
        }
        let rows = Set(cs.flatMap { $0.subspace.map(\.dimension) }).sorted().map { dim -> Row in
            let s = cs.compactMap { c in c.subspace.first { $0.dimension == dim }.map { (c: c, sub: $0) } }
            var failures = (measured: 0, theorem: 0, points: 0)
            for (c, sub) in s {
                for sg in sigmas {
                    let curve = c.k.map { sub.moments.value(k: $0, objects: c.objects, sigma: sg) }
                    failures.measured += CriteriaMeasurement.violations(
                        k: c.k, curve: curve, constant: c.curvatureBound(sigma: sg, dimension: dim, theoremOne: false))
                    failures.theorem += CriteriaMeasurement.violations(
                        k: c.k, curve: curve, constant: c.curvatureBound(sigma: sg, dimension: dim, theoremOne: true))
                    failures.points += c.k.count
                }
            }
            return Row(dim: dim, s: s, measured: failures.measured, theorem: failures.theorem, points: failures.points)
        }
        let columns: [Column<Row>] = [
            .number("D") { "\($0.dim)" },
            .number("overlap U_D(k_U/10) · U_D(k_U)") {
                NumberFormat.range($0.s.compactMap(\.sub.overlap), fixed: true)
            },
            // Like with like: Monte Carlo over Monte Carlo, closed form over closed form.
            .number("Δ₂⁽ᴰ⁾ ÷ Δ₂, Monte Carlo (σ = \(NumberFormat.general(sigma)))") { r in
                let ratios = r.s.compactMap { c, sub -> Double? in
                    guard let mc = sub.monteCarlo?.first(where: { $0.sigma == sigma }),
                        let full = c.gaussian(sigma: sigma)
                    else { return nil }
                    return mc.level / full.level
                }
                return ratios.isEmpty ? "—" : NumberFormat.range(ratios, fixed: true)
            },
            .number("σ-dependent part: Δ₂⁽ᴰ⁾ ÷ Δ₂ (closed forms)") { r in
                NumberFormat.range(
                    r.s.compactMap { c, sub in
                        c.gaussianMoments.map { Self.perturbationShare(sub.moments, of: $0, sigma: sigma) }
                    }, fixed: true)
            },
            .number("… for a random D-subspace (control)") { r in
                let ratios = r.s.compactMap { c, sub in
                    sub.randomControl.flatMap { control in
                        c.gaussianMoments.map { Self.perturbationShare(control, of: $0, sigma: sigma) }
                    }
                }
                return ratios.isEmpty ? "—" : NumberFormat.range(ratios, fixed: true)
            },
            .number("curvature bound ÷ Δ₂⁽ᴰ⁾ (measured M_H)") { r in
                NumberFormat.range(
                    r.s.map { c, sub in
                        Foundation.exp(c.curvatureBound(sigma: sigma, dimension: r.dim, theoremOne: false).log)
                            / max(sub.moments.level(sigma: sigma), 1e-300)
                    })
            },
            .number("fails at (measured M_H)") { "\($0.measured) of \($0.points)" },
            .number("fails at (Theorem 1's M_H)") { "\($0.theorem) of \($0.points)" },
        ]
        return HTMLTable(
            columns: columns, rows: rows,
            caption:
                "\(results.displayName(d)): the top-D subspace criterion Δ₂⁽ᴰ⁾ (ranges over networks; failures over networks × σ × sampled k). The ratios compare like with like: the Monte-Carlo levels of both criteria (the same draws' count, E_w Var ℓ(w)), and the closed forms' σ-dependent parts (the level less Var ℓ(θ̂), which both share); the control puts D random orthonormal directions in place of the top eigenvectors"
        )
    }
}
