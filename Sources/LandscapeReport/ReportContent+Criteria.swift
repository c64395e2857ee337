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

    /// "Beyond the paper" in the main text: the exponents across variants and k*(ε).
    func criteriaOverview() -> String {
        guard spec.criteria.isOn else {
            return "> The criteria beyond the paper were not computed in this run (`criteria: []` in the spec)."
        }
        var parts = [figures.exponentFigure(varying: \.width), figures.exponentFigure(varying: \.hiddenLayers)]
            .compactMap { $0 }.map(show)
        parts.append(
            "Each variant's exponents, sample sizes k*(ε), and each criterion's figures and tables: "
                + variantLinks(anchor: "beyond-the-paper") + ".")
        return parts.joined(separator: "\n\n")
    }

    /// A variant's criteria: each criterion's own part (`CriterionSection`) and k*(ε).
    func criteriaSection(_ d: DatasetRecord) -> String {
        guard spec.criteria.isOn else {
            return "> The criteria beyond the paper were not computed in this run (`criteria: []` in the spec)."
        }
        var section = [exponentTable([d]).markdown, sufficientSampleSizeTable([d]).markdown]
        for criterion in Criteria.all {
            if let reported = criterion as? any CriterionSection.Type { section += reported.section(self, d.variant) }
        }
        if let f = figures.sufficientSampleSizeFigure(d.variant, epsilon: spec.criteria.epsilons.min() ?? 1e-4) {
            section.append(show(f))
        }
        return section.joined(separator: "\n\n")
    }

    /// Tail exponents per variant: Δ₁ on every trained architecture (seed-pooled), Δ₂ per σ.
    func exponentTable(_ variants: [DatasetRecord]) -> HTMLTable {
        /// One criterion of one variant: its fitted exponents, the theory's and exchangeability's.
        struct Row {
            let variant: String, criterion: String
            let fits: [DecayFit]
            let theory: Double, reference: Double
        }
        let rows = variants.flatMap { d -> [Row] in
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

    /// Sample sizes per variant and ε, each named for what it is: where Δ₁ falls below ε (which is
    /// MAD/ε by construction), where √Δ₂'s exact ordering average does (comparable with Δ₁: both
    /// are differences, not squares), and how many objects bring ℒ_k within ε of ℒ_m (the
    /// convergence distance, at θ̂ and over its neighbourhood); next to the theory's k from its bounds.
    func sufficientSampleSizeTable(_ variants: [DatasetRecord]) -> HTMLTable {
        let sigma = spec.criteria.sigmas.max() ?? 0.1
        /// One (variant, ε): the variant's trained networks.
        struct Row {
            let variant: String, epsilon: Double
            let trained: [ConfigurationResult]
            /// The range of the theory's k* from `bound` ≤ ε over the networks.
            func theory(_ bound: (CriteriaMeasurement) -> LogValue, power: Double) -> String {
                let v = trained.compactMap(\.criteria).map {
                    SufficientSampleSize.fromBound(bound($0), power: power, epsilon: epsilon).log10
                }
                guard let lo = v.min(), let hi = v.max() else { return "—" }
                return NumberFormat.sci(log10: lo) + (hi > lo ? "–" + NumberFormat.sci(log10: hi) : "")
            }
            /// The convergence distance's sample size per network, from the loss variance `variance` picks.
            func distanceSizes(_ variance: (ConfigurationResult) -> Double?) -> String {
                sizes(
                    trained.compactMap { c in
                        variance(c).map {
                            (
                                Double(
                                    ConvergenceDistance.sampleSize(
                                        variance: $0, objects: c.finalK + 1, epsilon: epsilon)), false
                            )
                        }
                    })
            }
            /// A range of sample sizes, "> m" for those the m objects did not reach (censored).
            func sizes(_ values: [(k: Double, censored: Bool)]) -> String {
                let reached = values.filter { !$0.censored }.map(\.k), censored = values.filter(\.censored).count
                let text = reached.isEmpty ? "—" : NumberFormat.range(reached)
                return censored == 0 ? text : "\(text); \(censored) of \(values.count) > m"
            }
        }
        let rows = variants.flatMap { d -> [Row] in
            let trained = results.configurations.filter { $0.variant == d.variant && $0.isTrained }
            guard !trained.isEmpty else { return [] }
            return spec.criteria.epsilons.sorted(by: >).map { eps in
                Row(variant: results.displayName(d.variant), epsilon: eps, trained: trained)
            }
        }
        let columns: [Column<Row>] = [
            .text("variant") { $0.variant }, .number("ε") { NumberFormat.general($0.epsilon) },
            .number("k: Δ₁ ≤ ε from then on (range)") { r in
                r.sizes(
                    r.trained.map { c in
                        let s = Self.sufficientSampleSize(c, epsilon: r.epsilon)
                        return (s.value ?? .infinity, s.settled == nil)
                    })
            },
            .number("that k ÷ (MAD/ε), median") { r in
                let ratios = r.trained.compactMap { c -> Double? in
                    guard let k = Self.sufficientSampleSize(c, epsilon: r.epsilon).settled, c.lossDeviation > 0 else {
                        return nil
                    }
                    return Double(k) * r.epsilon / c.lossDeviation
                }.sorted()
                return ratios.isEmpty ? "—" : NumberFormat.fixed(ratios[ratios.count / 2], 2)
            },
            .number("k: √Δ₂ ≤ ε, σ = \(NumberFormat.general(sigma)) (exact average)") { r in
                r.sizes(
                    r.trained.compactMap { c in
                        c.criteria.flatMap { m in
                            m.gaussian(sigma: sigma).map { g in
                                Self.squaredDifferenceSize(level: g.level, objects: m.objects, epsilon: r.epsilon)
                            }
                        }
                    })
            },
            .number("k: RMS |ℒₖ − ℒₘ| ≤ ε at θ̂") { r in r.distanceSizes { $0.distance?.variance } },
            .number("… over θ̂'s neighbourhood") { r in r.distanceSizes { $0.neighbourhood?.largestVariance } },
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
                "Sample sizes, ranges over trained networks. Δ₁'s k is the smallest sampled k from which the curve stays ≤ ε; it is the losses' MAD/ε in disguise (the next column), not a property of the landscape. √Δ₂'s is from its exact ordering average level·m/(k(k+1)(m−1)) ≤ ε², so k ≈ √(level·m/(m−1))/ε. The convergence columns answer \"how many objects until ℒₖ is within ε of ℒₘ\" in root mean square, k = s²m/(ε²(m−1) + s²), at θ̂ and at the neighbourhood point where the losses spread most. \"> m\": not reached within the m objects (censored). The theory's k are from its bounds C/(k+1)ᵖ ≤ ε"
        )
    }

    /// The smallest k with level·m/(k(k+1)(m − 1)) ≤ ε², and whether it lies beyond m − 1 (censored).
    static func squaredDifferenceSize(level: Double, objects m: Int, epsilon: Double) -> (k: Double, censored: Bool) {
        let c = level * Double(m) / (Double(m - 1) * epsilon * epsilon)
        let k = ((1 + 4 * c).squareRoot() - 1) / 2
        let size = max(1, k.rounded(.up))
        return (size, size > Double(m - 1))
    }
}

/// A criterion's part of each variant's "Beyond the paper" subsection: its figures (through
/// `show`) and tables. `CriteriaRegistryTests` checks every registered criterion conforms.
public protocol CriterionSection: Criterion {
    static func section(_ content: ReportContent, _ variant: Variant) -> [String]
}

extension ReportContent {
    /// The variant's measured networks that hold a record of `criterion`.
    func measured<C: Criterion>(_ criterion: C.Type, _ d: Variant) -> [CriteriaMeasurement] {
        results.configurations.filter { $0.variant == d }.compactMap(\.criteria).filter { $0[criterion] != nil }
    }
}
