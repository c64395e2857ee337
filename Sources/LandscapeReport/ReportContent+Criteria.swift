import Foundation
import LandscapeAnalysis
import LandscapeData
import LandscapeExperiment
import LandscapeFindings

extension ReportContent {
    /// k*(ε) of a network's Δ₁ (its sampled raw permutation mean), extrapolated with its fit.
    static func sufficientSampleSize(_ c: ConfigurationResult, epsilon: Double) -> SufficientSampleSize {
        SufficientSampleSize(k: c.curve.k, curve: c.curve.mean, epsilon: epsilon, fit: c.decay)
    }

    /// The slope of a reference curve f(k) over the sampled tail: what exchangeability alone gives.
    func referenceExponent(k: [Int], _ f: (Int) -> Double) -> Double? {
        DecayExponent.leastSquares(k: k, values: k.map(f), from: spec.criteria.tailFrom)?.slope
    }

    /// "Beyond the paper": the Gaussian and subspace criteria, decay exponents and k*(ε).
    func criteriaSection() -> String {
        guard spec.criteria.isOn else {
            return "> The criteria beyond the paper were not computed in this run (`criteria: []` in the spec)."
        }
        let measured = results.configurations.filter { $0.criteria != nil }
        var parts = [findings.filter { $0.id.hasPrefix("run/") }.map(\.markdown).joined(separator: "\n")]
        parts += [figures.exponentFigure(varying: \.width), figures.exponentFigure(varying: \.hiddenLayers)].compactMap
        { $0 }.map(show)
        parts.append(exponentTable().markdown)
        parts.append(sufficientSampleSizeTable().markdown)
        for d in present {
            var section = ["### \(results.displayName(d.variant))"]
            if let f = figures.criteriaFigure(d.variant) { section.append(show(f)) }
            if measured.contains(where: { $0.variant == d.variant }) {
                section.append(gaussianTable(d.variant).markdown)
                section.append(subspaceTable(d.variant).markdown)
            }
            if let f = figures.sufficientSampleSizeFigure(d.variant, epsilon: spec.criteria.epsilons.min() ?? 1e-4) {
                section.append(show(f))
            }
            parts.append(section.joined(separator: "\n\n"))
        }
        return parts.joined(separator: "\n\n")
    }

    /// Per σ, over the variant's measured networks: what perturbation adds, the a_k² share, Monte
    /// Carlo against the closed form, and the distributional bound.
    func gaussianTable(_ d: Variant) -> HTMLTable {
        let cs = results.configurations.filter { $0.variant == d }.compactMap(\.criteria)
        /// One σ: every measured network with its Monte-Carlo record at that σ.
        struct Row {
            let sigma: Double
            let g: [(c: CriteriaMeasurement, mc: MonteCarloCriterion)]
            var points: Int { g.reduce(0) { $0 + $1.mc.k.count } }
            func failures(_ theoremOne: Bool) -> Int {
                g.reduce(0) {
                    $0
                        + CriteriaMeasurement.violations(
                            k: $1.mc.k, curve: $1.mc.mean,
                            constant: $1.c.distributionalBound(sigma: sigma, theoremOne: theoremOne))
                }
            }
        }
        let columns: [Column<Row>] = [
            .number("σ") { NumberFormat.general($0.sigma) },
            .number("E Var ℓ(w) ÷ Var ℓ(θ̂)") { r in
                NumberFormat.range(
                    r.g.map { $0.mc.level / max($0.c.gaussianMoments?.lossVariance ?? .nan, 1e-300) }, digits: 4)
            },
            .number("a²-term share (closed form)") { r in
                NumberFormat.range(r.g.compactMap { $0.c.gaussianMoments?.constantShare(sigma: r.sigma) }, fixed: true)
            },
            .number("Monte Carlo ÷ closed form") { r in
                NumberFormat.range(
                    r.g.compactMap { c, mc in c.gaussianMoments.map { mc.level / $0.level(sigma: r.sigma) } },
                    fixed: true)
            },
            .number("distributional bound ÷ Δ₂ at k = max (measured M_H)") { r in
                NumberFormat.range(
                    r.g.map { c, mc in
                        Foundation.exp(
                            c.distributionalBound(sigma: r.sigma, theoremOne: false).log - 2
                                * Foundation.log(Double((mc.k.last ?? 0) + 1))) / max(mc.mean.last ?? .nan, 1e-300)
                    })
            },
            .number("fails at (measured M_H)") { "\($0.failures(false)) of \($0.points)" },
            .number("fails at (Theorem 1's M_H)") { "\($0.failures(true)) of \($0.points)" },
        ]
        let rows = spec.criteria.sigmas.map { sigma in
            Row(sigma: sigma, g: cs.compactMap { c in c.gaussian(sigma: sigma).map { (c: c, mc: $0) } })
        }.filter { !$0.g.isEmpty }
        return HTMLTable(
            columns: columns, rows: rows,
            caption:
                "\(results.displayName(d)): the Gaussian criterion Δ₂ on \(cs.count) network\(cs.count == 1 ? "" : "s") (ranges; failures over networks × sampled k)"
        )
    }

    /// Per D: how much of the perturbation's effect the top-D subspace carries, how stable the
    /// subspace is, and the curvature bound.
    func subspaceTable(_ d: Variant) -> HTMLTable {
        let cs = results.configurations.filter { $0.variant == d }.compactMap(\.criteria)
        let sigma = spec.criteria.sigmas.max() ?? 0.1, sigmas = spec.criteria.sigmas
        /// One D: every measured network with its subspace record at that D, and the bound's failures.
        struct Row {
            let dim: Int
            let s: [(c: CriteriaMeasurement, sub: CriteriaMeasurement.Subspace)]
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
            .number("Δ₂⁽ᴰ⁾ ÷ Δ₂ (σ = \(NumberFormat.general(sigma)))") { r in
                NumberFormat.range(
                    r.s.compactMap { c, sub in
                        c.gaussian(sigma: sigma).map { sub.moments.level(sigma: sigma) / $0.level }
                    },
                    fixed: true)
            },
            .number("σ-dependent part: Δ₂⁽ᴰ⁾ ÷ Δ₂ (closed forms)") { r in
                NumberFormat.range(
                    r.s.compactMap { c, sub in
                        c.gaussianMoments.map {
                            (sub.moments.level(sigma: sigma) - sub.moments.lossVariance)
                                / ($0.level(sigma: sigma) - $0.lossVariance)
                        }
                    }, fixed: true)
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
                "\(results.displayName(d)): the top-D subspace criterion Δ₂⁽ᴰ⁾ in closed form (averaged over every ordering; ranges over networks; failures over networks × σ × sampled k)"
        )
    }

    /// Tail exponents per variant: Δ₁ on every trained architecture (seed-pooled), Δ₂ per σ.
    func exponentTable() -> HTMLTable {
        /// One criterion of one variant: its fitted exponents, the theory's and exchangeability's.
        struct Row {
            let variant: String, criterion: String
            let fits: [DecayFit]
            let theory: Double, reference: Double
        }
        let rows = present.flatMap { d -> [Row] in
            var rows: [Row] = []
            let groups = SeedGroup.groups(results).filter { $0.variant == d.variant && !$0.trained.isEmpty }
            let pooled = groups.compactMap { DecayExponent.pooled($0.trained.compactMap(\.decay), seed: 1) }
            if let k = groups.first?.trained.first?.curve.k, !pooled.isEmpty {
                let m = d.objects
                let ref =
                    referenceExponent(k: k) { GaussianMoments.orderingFactor(k: $0, objects: m).squareRoot() } ?? -1
                rows.append(
                    Row(
                        variant: results.displayName(d.variant), criterion: "Δ₁ (every trained h, L)", fits: pooled,
                        theory: -1, reference: ref))
            }
            let cs = results.configurations.filter { $0.variant == d.variant }.compactMap(\.criteria)
            for sigma in spec.criteria.sigmas {
                let fits = cs.compactMap { $0.gaussian(sigma: sigma)?.decay }
                guard let c = cs.first, !fits.isEmpty else { continue }
                let ref = referenceExponent(k: c.k) { GaussianMoments.orderingFactor(k: $0, objects: c.objects) } ?? -2
                rows.append(
                    Row(
                        variant: results.displayName(d.variant), criterion: "Δ₂, σ = \(NumberFormat.general(sigma))",
                        fits: fits, theory: -2, reference: ref))
            }
            return rows
        }
        let columns: [Column<Row>] = [
            .text("variant") { $0.variant }, .text("criterion") { $0.criterion },
            .number("networks") { "\($0.fits.count)" },
            .number("exponent (range)") { NumberFormat.range($0.fits.map(\.exponent), fixed: true) },
            .text("95 % interval contains the theory's") { r in
                "\(r.fits.filter { $0.contains(r.theory) }.count) of \(r.fits.count)"
            },
            .number("exchangeability's exponent") { NumberFormat.fixed($0.reference, 3) },
            .text("interval contains it") { r in
                "\(r.fits.filter { $0.contains(r.reference) }.count) of \(r.fits.count)"
            },
        ]
        return HTMLTable(
            columns: columns, rows: rows,
            caption:
                "Tail exponents (k ≥ \(spec.criteria.tailFrom)): the theory says −1 for Δ₁ and −2 for Δ₂; the exchangeability column is the slope that random ordering alone gives any losses over the same k (docs/criteria.md)"
        )
    }

    /// k*(ε) per variant and ε: Δ₁ measured (every trained network), Δ₂ (largest σ), and the
    /// theory's k* from each bound.
    func sufficientSampleSizeTable() -> HTMLTable {
        let sigma = spec.criteria.sigmas.max() ?? 0.1
        /// One (variant, ε): the variant's trained networks and their k*.
        struct Row {
            let variant: String, epsilon: Double
            let sizes: [SufficientSampleSize]
            let criteria: [CriteriaMeasurement]
            /// The range of the theory's k* from `bound` ≤ ε over the networks.
            func theory(_ bound: (CriteriaMeasurement) -> LogValue, power: Double) -> String {
                let v = criteria.map { SufficientSampleSize.fromBound(bound($0), power: power, epsilon: epsilon).log10 }
                guard let lo = v.min(), let hi = v.max() else { return "—" }
                return NumberFormat.sci(log10: lo) + (hi > lo ? "–" + NumberFormat.sci(log10: hi) : "")
            }
        }
        let rows = present.flatMap { d -> [Row] in
            let trained = results.configurations.filter { $0.variant == d.variant && $0.isTrained }
            guard !trained.isEmpty else { return [] }
            return spec.criteria.epsilons.sorted(by: >).map { eps in
                Row(
                    variant: results.displayName(d.variant), epsilon: eps,
                    sizes: trained.map { Self.sufficientSampleSize($0, epsilon: eps) },
                    criteria: trained.compactMap(\.criteria))
            }
        }
        let columns: [Column<Row>] = [
            .text("variant") { $0.variant }, .number("ε") { NumberFormat.general($0.epsilon) },
            .number("k* of Δ₁ (range)") { r in
                let values = r.sizes.compactMap(\.value)
                return values.isEmpty ? "—" : NumberFormat.range(values)
            },
            .number("first crossing ≠ k*") { "\($0.sizes.filter(\.differs).count) of \($0.sizes.count)" },
            .number("extrapolated") { "\($0.sizes.filter { $0.settled == nil && $0.extrapolated != nil }.count)" },
            .number("k* of Δ₂, σ = \(NumberFormat.general(sigma))") { r in
                let gaussian = r.criteria.compactMap { c in
                    c.gaussian(sigma: sigma).flatMap {
                        SufficientSampleSize(k: $0.k, curve: $0.mean, epsilon: r.epsilon, fit: $0.decay).value
                    }
                }
                return gaussian.isEmpty ? "—" : NumberFormat.range(gaussian)
            },
            .number("theory: k₁* = M_ℓ/ε") { $0.theory({ LogValue($0.largestLoss) }, power: 1) },
            .number("theory: k₂* (curvature, D = N, measured M_H)") {
                $0.theory({ $0.curvatureBound(sigma: sigma, dimension: $0.parameters, theoremOne: false) }, power: 2)
            },
            .number("theory: distributional, measured M_H") {
                $0.theory({ $0.distributionalBound(sigma: sigma, theoremOne: false) }, power: 2)
            },
        ]
        return HTMLTable(
            columns: columns, rows: rows,
            caption:
                "Sufficient sample size k*(ε): the smallest sampled k from which the criterion stays ≤ ε (ranges over trained networks; the theory's from its bounds C/(k+1)ᵖ ≤ ε)"
        )
    }
}
