import Foundation
import LandscapeAnalysis
import LandscapeData
import LandscapeExperiment
import LandscapeFigures
import LandscapeFindings

extension GaussianCriterion: CriterionSection {
    /// The figure of the figure configuration, then the table over the variant's networks.
    public static func section(_ content: ReportContent, _ d: Variant) -> [String] {
        var parts = content.figures.criteriaFigure(d).map { [content.show($0)] } ?? []
        if !content.measured(Self.self, d).isEmpty { parts.append(content.gaussianTable(d).markdown) }
        return parts
    }
}

extension ReportContent {
    /// Per σ, over the variant's measured networks: what perturbation adds, the a_k² share, Monte
    /// Carlo against the closed form, and the distributional bound.
    func gaussianTable(_ d: Variant) -> HTMLTable {
        let cs = measured(GaussianCriterion.self, d)
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
}

extension ReportFigures {
    /// Δ₂ (Monte Carlo, solid, with its standard-error band), Δ₂⁽ᴰ⁾ for the largest D (closed form,
    /// dotted) and the distributional bound with the measured M_H (dashed), one colour per σ.
    public func criteriaFigure(_ d: Variant) -> Figure? {
        guard let c = criteriaNetwork(d), let m = c.criteria, !m.gaussian.isEmpty else { return nil }
        var chart = Chart(
            title: "\(results.displayName(d)), h = \(c.width), L = \(c.hiddenLayers): Gaussian criteria",
            xLabel: "Sample size k", yLabel: "E(ℒₖ₊₁ − ℒₖ)² (log scale)")
        chart.xScale = .log
        chart.yScale = .log
        let top = m.subspace.last
        for (i, g) in m.gaussian.enumerated() {
            let color = Color.palette[i % Color.palette.count]
            let x = g.k.map(Double.init)
            // The curve is its exact ordering average, level·m/(k(k+1)(m−1)); only the level is
            // estimated (its 95 % interval shaded). The Monte-Carlo means, noisier by the orderings,
            // are the markers.
            let factor = g.k.map { GaussianMoments.orderingFactor(k: $0, objects: m.objects) }
            let (lo, hi) = (
                max(g.level - 1.96 * g.levelStandardError, g.level * 1e-3), g.level + 1.96 * g.levelStandardError
            )
            chart.bands.append(
                .init(x: x, lower: factor.map { lo * $0 }, upper: factor.map { hi * $0 }, color: color.withOpacity(0.2))
            )
            chart.series.append(
                .init(
                    label: "σ = \(NumberFormat.general(g.sigma))",
                    points: zip(x, factor).map { (x: $0, y: g.level * $1) },
                    color: color))
            chart.series.append(
                .init(label: nil, points: zip(x, g.mean).map { (x: $0, y: $1) }, color: color, style: .markers))
            if let top {
                chart.series.append(
                    .init(
                        label: nil,
                        points: g.k.map {
                            (x: Double($0), y: top.moments.value(k: $0, objects: m.objects, sigma: g.sigma))
                        },
                        color: color, style: .dotted, lineWidth: 1.6))
            }
            let bound = m.distributionalBound(sigma: g.sigma, theoremOne: false)
            chart.series.append(
                .init(
                    label: nil,
                    points: g.k.map {
                        (x: Double($0), y: Foundation.exp(bound.log - 2 * Foundation.log(Double($0 + 1))))
                    },
                    color: color, style: .dashed, lineWidth: 1.1))
        }
        chart.series.append(.init(label: "Monte Carlo, mean over draws", points: [], color: .axis, style: .markers))
        chart.series.append(
            .init(
                label: "Δ₂⁽ᴰ⁾, D = \(top?.dimension ?? 0), closed form", points: [], color: .axis, style: .dotted,
                lineWidth: 1.6))
        chart.series.append(
            .init(label: "σ⁴N(N+2)M_H²/(k+1)², measured M_H", points: [], color: .axis, style: .dashed, lineWidth: 1.1))
        let smallest = m.gaussian.map(\.sigma).min() ?? 0
        return Figure(
            file: "\(d.fileStem)-criteria.png",
            caption:
                "\(results.displayName(d)), h = \(c.width), L = \(c.hiddenLayers) (seed \(c.globalSeed ?? 0)): solid, the Gaussian criterion Δ₂(k; σ) as its exact average over orderings, E_w Var ℓ(w)·m/(k(k+1)(m−1)), with the level E_w Var ℓ(w) estimated from \(m.gaussian.first?.draws ?? 0) draws in antithetic pairs (shaded, its 95 % interval); markers, the Monte-Carlo means over the same draws, each pair with one of Δ₁'s orderings; dotted, the top-\(top?.dimension ?? 0) subspace criterion in closed form, averaged over every ordering; dashed, the distributional bound with the largest measured per-object ‖Hᵢ‖₂ (\(NumberFormat.sci(m.largestHessian))). Theorem 1's M_H puts that bound near 10^\(Int(total: m.distributionalBound(sigma: smallest, theoremOne: true).log10)) at σ = \(NumberFormat.general(smallest)), off this chart.",
            chart: chart)
    }
}
