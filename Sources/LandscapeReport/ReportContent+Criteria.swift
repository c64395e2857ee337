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
        var parts = [Self.byClass(findings.filter { $0.id.hasPrefix("run/") }).map(\.markdown).joined(separator: "\n")]
        parts += [figures.exponentFigure(varying: \.width), figures.exponentFigure(varying: \.hiddenLayers)].compactMap
        { $0 }.map(show)
        parts.append(exponentTable().markdown)
        parts.append(sufficientSampleSizeTable().markdown)
        for d in present {
            var section = ["### \(results.displayName(d.variant))"]
            for criterion in Criteria.all {
                if let reported = criterion as? any CriterionSection.Type {
                    section += reported.section(self, d.variant)
                }
            }
            if let f = figures.sufficientSampleSizeFigure(d.variant, epsilon: spec.criteria.epsilons.min() ?? 1e-4) {
                section.append(show(f))
            }
            parts.append(section.joined(separator: "\n\n"))
        }
        return parts.joined(separator: "\n\n")
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
