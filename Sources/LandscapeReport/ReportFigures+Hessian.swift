import Foundation
import LandscapeAnalysis
import LandscapeData
import LandscapeExperiment
import LandscapeFigures
import LandscapeFindings

extension ReportFigures {
    /// Theorem 1's bound as stated (dashed) and corrected (dotted) against the measured largest
    /// per-object G-term norm (solid), against h, one colour per L; seed means.
    public func hessianBoundFigure(_ d: Variant) -> Figure {
        var chart = Chart(
            title: "\(results.displayName(d)): Theorem 1 vs measured ‖JᵢᵀAᵢJᵢ‖₂", xLabel: "Hidden width h",
            yLabel: "spectral norm (log scale)")
        chart.xScale = .log
        chart.yScale = .log
        for n in results.spec.depths.sorted() {
            let groups = SeedGroup.groups(results).filter {
                $0.variant == d && $0.hiddenLayers == n && !$0.trained.isEmpty
            }.sorted { $0.width < $1.width }
            guard let first = groups.first?.members.first else { continue }
            let color = colour(first, varying: \.hiddenLayers)
            func line(_ value: @escaping (ConfigurationResult) -> Double?) -> [(x: Double, y: Double)] {
                groups.compactMap { g in
                    let s = g.statistic { value($0).map(Foundation.log10) }
                    return s.count > 0 ? (x: Double(g.width), y: pow(10, s.mean)) : nil
                }
            }
            chart.series.append(
                .init(label: "L = \(n) measured", points: line { $0.hessian?.gaussNewton.max }, color: color))
            chart.series.append(
                .init(label: nil, points: line { $0.theoremOne.value }, color: color, style: .dashed, lineWidth: 1.2))
            chart.series.append(
                .init(
                    label: nil, points: line { $0.correctedTheoremOne?.value }, color: color, style: .dotted,
                    lineWidth: 1.4))
        }
        chart.series.append(
            .init(label: "Theorem 1 as stated", points: [], color: .axis, style: .dashed, lineWidth: 1.2))
        chart.series.append(
            .init(label: "corrected (docs/theorem-1.md)", points: [], color: .axis, style: .dotted, lineWidth: 1.4))
        return Figure(
            file: "\(d.fileStem)-hessian-bound.png",
            caption:
                "\(results.displayName(d)): solid, the largest per-object Gauss–Newton norm ‖JᵢᵀAᵢJᵢ‖₂, measured exactly over all objects; dashed, Theorem 1 as the paper states it; dotted, the corrected bound ½·L_thm·M_x²·M_W^{2(L_thm−1)}; both with the measured M_W and M_x. Same colour, same L; geometric means over the trained seeds.",
            chart: chart)
    }

    /// Final raw |ℒₖ₊₁ − ℒₖ| against MAD(losses)/(k+1), every trained network of every variant.
    public func spreadFigure() -> Figure {
        var chart = trainedScatter(
            title: "Curve's end against the spread of the per-object losses", xLabel: "MAD of ℓᵢ(θ̂)",
            yLabel: "end level: mean of (k+1)·|ℒₖ₊₁ − ℒₖ|, k ≥ m/10"
        ) { c in (x: c.lossDeviation, y: c.scaledEndLevel) }
        let extent = chart.series.flatMap { $0.points.flatMap { [$0.x, $0.y] } }
        let positive = extent.filter { $0 > 0 }
        if let lo = positive.min(), let hi = positive.max() {
            chart.series.append(
                .init(
                    label: "identity", points: [(x: lo, y: lo), (x: hi, y: hi)], color: .axis, style: .dashed,
                    lineWidth: 1))
        }
        return Figure(
            file: "spread.png",
            caption:
                "Every trained network of every variant and seed: the curve's end level — the raw permutation mean rescaled by (k+1) and averaged over the sampled k from a tenth of the objects on, the number the findings quote — against the mean absolute deviation (MAD) of its per-object losses. For large k, ℒₖ is close to the mean loss, so (k+1)·|ℒₖ₊₁ − ℒₖ| = |ℓₖ₊₁ − ℒₖ| averages to about the MAD: points on the identity line are expected, and confirm the measurement rather than the theory. What moves a network along the line is how spread its per-object losses are.",
            chart: chart)
    }

    /// The losses' spread against the fit: MAD of ℓᵢ(θ̂) against the mean training loss, every
    /// trained network. Where the points fall on one curve, a trend in the curve's end with h or L
    /// can be a trend in how well ten epochs fit each architecture (the controlled trend findings).
    public func spreadAgainstLossFigure() -> Figure {
        let chart = trainedScatter(
            title: "Spread of the per-object losses against the mean training loss", xLabel: "mean ℓᵢ(θ̂)",
            yLabel: "MAD of ℓᵢ(θ̂)"
        ) { c in (x: c.meanLoss, y: c.lossDeviation) }
        let trained = results.configurations.filter(\.isTrained).filter { $0.meanLoss > 0 && $0.lossDeviation > 0 }
        let rho = TrendTest.spearman(trained.map(\.meanLoss), trained.map(\.lossDeviation))
        return Figure(
            file: "spread-vs-loss.png",
            caption:
                "Every trained network of every variant and seed: the mean absolute deviation of its per-object losses against its mean training loss (Spearman ρ = \(NumberFormat.signed(rho)) over \(trained.count) networks). The curve's end is about MAD/(k+1) (the figure above), and MAD is close to a function of the fit, so architectures that ten epochs fit better have lower curves whatever their landscape; the findings test each trend again at equal training loss.",
            chart: chart)
    }

    /// A log–log scatter of every trained network, one colour per present variant.
    func trainedScatter(
        title: String, xLabel: String, yLabel: String, _ point: (ConfigurationResult) -> (x: Double, y: Double)
    ) -> Chart {
        var chart = Chart(title: title, xLabel: xLabel, yLabel: yLabel)
        chart.xScale = .log
        chart.yScale = .log
        for (i, v) in results.datasets.filter(\.present).map(\.variant).enumerated() {
            chart.series.append(
                .init(
                    label: results.displayName(v),
                    points: results.configurations.filter { $0.variant == v && $0.isTrained }.map(point),
                    color: Color.palette[i % Color.palette.count], style: .markers))
        }
        return chart
    }

    /// Lemma 2 off θ̂ for the configuration both paper figures share (first seed): the measured
    /// curve at each radius, the first-order term it contains, and the bound with measured constants.
    public func lemmaTwoAwayFigure(_ d: Variant) -> Figure? {
        guard
            let c = results.configurations.first(where: {
                $0.variant == d && $0.width == fixedWidth && $0.hiddenLayers == fixedDepth
                    && $0.hessian?.lemmaTwoAway != nil
            }),
            let away = c.hessian?.lemmaTwoAway, let first = away.first
        else { return nil }
        var chart = Chart(
            title: "\(results.displayName(d)): Lemma 2 off θ̂, \(Self.legend(c))", xLabel: Self.xLabel,
            yLabel: "|ℒₖ₊₁(θ) − ℒₖ(θ)|")
        chart.xScale = .log
        chart.yScale = .log
        let k = first.k.map(Double.init)
        chart.series.append(
            .init(
                label: "θ̂ (R = 0)", points: zip(k, first.atMinimum).map { (x: $0, y: $1) }, color: .axis, lineWidth: 2))
        let top = away.filter { $0.direction == .topEigenvector }
        for (i, a) in top.enumerated() {
            let color = Color.palette[(i + 1) % Color.palette.count]
            chart.series.append(
                .init(
                    label: "R = \(NumberFormat.general(a.fraction))·‖θ̂ − θ_init‖",
                    points: zip(k, a.measured).map { (x: $0, y: $1) }, color: color))
            chart.series.append(
                .init(
                    label: nil, points: zip(k, a.firstOrder).map { (x: $0, y: $1) }, color: color, style: .dotted,
                    lineWidth: 1.3))
            chart.series.append(
                .init(
                    label: nil, points: a.k.map { (x: Double($0), y: a.measuredConstant / Double($0 + 1)) },
                    color: color, style: .dashed, lineWidth: 1.1))
        }
        chart.series.append(.init(label: "first-order term", points: [], color: .axis, style: .dotted, lineWidth: 1.3))
        chart.series.append(
            .init(label: "bound, measured constants", points: [], color: .axis, style: .dashed, lineWidth: 1.1))
        return Figure(
            file: "\(d.fileStem)-lemma2-away.png",
            caption:
                "\(results.displayName(d)), \(Self.legend(c)), seed \(c.globalSeed ?? 0): solid, the permutation mean of |ℒₖ₊₁(θ) − ℒₖ(θ)| at θ = θ̂ + R·u, u the top eigenvector of the mean Hessian, R a fraction of ‖θ̂ − θ_init‖ = \(NumberFormat.sci(c.hessian?.initialDistance ?? 0)), with the same \(results.spec.permutations) permutations at every R; dotted, the first-order term R·|u·(∇ℓₖ₊₁ − ∇ℒₖ)|/(k+1) that Lemma 2 drops; dashed, (M_ℓ + 2·M_g·R + M_H·R²)/(k+1) with the measured M_g and M_H. The paper's bound, with Theorem 1's constant, is off the chart (see the table).",
            chart: chart)
    }

    /// The top eigenvalues of the mean Hessian H^(k) at θ̂ for several k, as markers (an index is
    /// not a continuous axis).
    public func spectrumFigure(_ d: Variant) -> Figure? {
        // The spectrum's detailed network (the figures' one) when there is one.
        guard
            let c = detailedSpectrum(d)?.c
                ?? results.configurations.first(where: {
                    $0.variant == d && $0.topEigenvalues().contains { !$0.values.isEmpty }
                })
        else { return nil }
        let tops = c.topEigenvalues()
        var chart = Chart(
            title: "\(results.displayName(d)): top eigenvalues of H⁽ᵏ⁾(θ̂), \(Self.legend(c))",
            xLabel: "eigenvalue index", yLabel: "eigenvalue (log scale)")
        chart.yScale = .log
        for (j, top) in tops.enumerated() {
            let all = j == tops.count - 1
            chart.series.append(
                .init(
                    label: "k = \(NumberFormat.grouped(top.k))\(all ? " (all)" : "")",
                    points: top.values.enumerated().filter { $0.element > 0 }.map {
                        (x: Double($0.offset + 1) + 0.12 * Double(j - tops.count + 1), y: $0.element)
                    },
                    color: Color.palette[(tops.count - 1 - j) % Color.palette.count], style: .markers))
        }
        let classes = results.datasets.first { $0.variant == d }?.classes ?? 0
        let counted =
            c.spectrum.map {
                "\($0.hessian.outliers.count) are outliers above the bulk edge \(NumberFormat.general($0.hessian.outliers.bulkEdge)) (docs/spectrum.md; K = \(classes) classes)"
            } ?? "K = \(classes) classes"
        return Figure(
            file: "\(d.fileStem)-spectrum.png",
            caption:
                "\(results.displayName(d)), \(Self.legend(c)), seed \(c.globalSeed ?? 0): the largest converged Ritz values of the mean Hessian over the first k objects (Lanczos with full reorthogonalisation on exact Hessian-vector products; markers offset a little per k so they do not hide each other; non-positive values are not drawn on the log axis). At k = m, \(counted).",
            chart: chart)
    }

    /// The Hessian-difference term ‖H_{k+1}(θ̂) − H^(k)(θ̂)‖₂ against k.
    public func differenceFigure(_ d: Variant) -> Figure? {
        guard let c = results.configurations.first(where: { $0.variant == d && $0.hessian?.spectrum != nil }),
            let s = c.hessian?.spectrum
        else { return nil }
        var chart = Chart(
            title: "\(results.displayName(d)): ‖Hₖ₊₁(θ̂) − H⁽ᵏ⁾(θ̂)‖₂, \(Self.legend(c))", xLabel: Self.xLabel,
            yLabel: "spectral norm (log scale)")
        chart.xScale = .log
        chart.yScale = .log
        chart.series.append(
            .init(
                label: "‖Hₖ₊₁ − H⁽ᵏ⁾‖₂", points: s.differenceNorms.map { (x: Double($0.k), y: $0.norm) },
                color: Color.palette[3], lineWidth: 1.8))
        if let mean = c.meanHessianDistances, let first = mean.first {
            chart.series.append(
                .init(
                    label: "‖H⁽ᵏ⁾ − H⁽ᵐ⁾‖₂ (the mean converges)",
                    points: mean.map { (x: Double($0.k), y: $0.norm) }, color: Color.palette[0], style: .markers))
            chart.series.append(
                .init(
                    label: "k^(−1/2) through its first point",
                    points: [1, Double(c.finalK + 1)].map {
                        (x: $0, y: first.norm * (Double(first.k) / $0).squareRoot())
                    }, color: Color.palette[0], style: .dotted))
        }
        if let t1 = c.theoremOne.value {
            chart.series.append(
                .init(
                    label: "2 × Theorem 1 (a bound on it)",
                    points: s.differenceNorms.map { (x: Double($0.k), y: 2 * t1) }, color: Color.palette[3],
                    style: .dashed, lineWidth: 1.2))
        }
        return Figure(
            file: "\(d.fileStem)-hessian-difference.png",
            caption:
                "\(results.displayName(d)), \(Self.legend(c)), seed \(c.globalSeed ?? 0): the difference term of the paper's decomposition, by Lanczos on v ↦ H_{k+1}v − H^(k)v, next to 2× Theorem 1 (which bounds it). It does not decay: one new object's Hessian differs from the mean by about as much at k = 10⁴ as at k = 1. What converges is the mean itself: the markers are ‖H⁽ᵏ⁾ − H⁽ᵐ⁾‖₂ (Lanczos on the difference; with the spectrum criterion, the mean over its orderings), next to the k^(−1/2) of a sample mean. In Lemma 2 the difference term is multiplied by R²; at θ̂ (R = 0) it does not enter the curve at all.",
            chart: chart)
    }
}
