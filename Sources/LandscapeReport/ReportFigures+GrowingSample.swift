import Foundation
import LandscapeAnalysis
import LandscapeExperiment
import LandscapeFigures
import LandscapeFindings

/// The growing-sample protocol's figures (docs/growing-sample.md): the paper's Figures 2–3 drawn
/// again with θ̂ₖ trained on the first k, next to the fixed protocol; Assumption 1; the gap.
extension ReportFigures {
    /// The geometric mean over a group's trained seeds of a quantity's read curve (the sizes every
    /// seed has); nil when no seed has a record.
    func growingCurve(
        _ g: SeedGroup, _ q: GrowingQuantity, _ under: GrowingQuantity.ProtocolKind
    )
        -> [(x: Double, y: Double)]?
    {
        let curves = g.trained.compactMap(\.growingSample).map { q.curve($0, under) }.filter { !$0.isEmpty }
        guard let first = curves.first else { return nil }
        return first.map(\.k).compactMap { k in
            let values = curves.compactMap { c in c.first { $0.k == k }?.value }.filter { $0 > 0 }
            guard values.count == curves.count else { return nil }
            return (Double(k), Foundation.exp(values.reduce(0) { $0 + Foundation.log($1) } / Double(values.count)))
        }
    }

    /// E_j|ℒ_{k+1} − ℒ_k| against k along one figure slice: solid at θ̂ₖ (growing), dashed at θ̂_m
    /// on the same first k (fixed), one colour per architecture.
    public func growingSliceFigure(_ d: Variant, varying key: KeyPath<ConfigurationResult, Int>) -> Figure? {
        let groups = results.sliceGroups(d, varying: key).filter { g in g.trained.contains { $0.growingSample != nil } }
        guard !groups.isEmpty, let q = GrowingQuantity.named("difference") else { return nil }
        let byWidth = key == \ConfigurationResult.width
        let slice = byWidth ? "L = \(fixedDepth)" : "h = \(fixedWidth)"
        var chart = Chart(
            title: "\(results.displayName(d)): as the sample grows, \(slice)", xLabel: Self.xLabel,
            yLabel: "E|ℒₖ₊₁ − ℒₖ| (next object unseen)")
        chart.xScale = .log
        chart.yScale = .log
        for g in groups {
            let colour = colour(g.members[0], varying: key), name = byWidth ? "h = \(g.width)" : "L = \(g.hiddenLayers)"
            if let growing = growingCurve(g, q, .growing) {
                chart.series.append(.init(label: "\(name), θ̂ₖ", points: growing, color: colour, lineWidth: 2))
            }
            if let fixed = growingCurve(g, q, .fixed) {
                chart.series.append(.init(label: "\(name), θ̂ₘ", points: fixed, color: colour, style: .dashed))
            }
        }
        let seeds = groups.map { $0.trained.count }.max() ?? 0
        return Figure(
            file: "\(d.fileStem)-growing-\(byWidth ? "width" : "depth").png",
            caption:
                "\(results.displayName(d)), \(slice) (the paper's Figure \(byWidth ? "2a" : "2b") under the growing protocol): the mean over the next object j of |ℒₖ₊₁ − ℒₖ|, at θ̂ₖ trained on the first k objects of one order with a genuinely new object next (solid: any of the remaining training objects or the held-out ones), and at θ̂ₘ on the same first k (dashed: the fixed protocol, whose 1/k is set by exchangeability). Geometric means over \(seeds) seed\(seeds == 1 ? "" : "s"). The rates table gives each line's fitted exponent.",
            chart: chart)
    }

    /// The median relative refit gain (ℒ_{k'}(θ̂ₖ) − ℒ_{k'}(θ̂_{k'})) ÷ ℒ_{k'}(θ̂ₖ) against k, with
    /// its bootstrap band, one colour per variant, and the tolerance Assumption 1 is held to.
    public func assumptionOneFigure(_ findings: Findings) -> Figure? {
        let variants = findings.growingVariants
        guard !variants.isEmpty else { return nil }
        var chart = Chart(
            title: "Assumption 1: how much better the next optimum fits", xLabel: Self.xLabel,
            yLabel: "(ℒₖ′(θ̂ₖ) − ℒₖ′(θ̂ₖ′)) ÷ ℒₖ′(θ̂ₖ)")
        chart.xScale = .log
        var xs: [Double] = []
        for (i, d) in variants.enumerated() {
            let stats = findings.refitGainMedians(d)
            let x = stats.map { Double($0.k) }, colour = Color.palette[i % Color.palette.count]
            xs += x
            chart.bands.append(
                .init(x: x, lower: stats.map(\.lower), upper: stats.map(\.upper), color: colour.withOpacity(0.18)))
            chart.series.append(
                .init(
                    label: results.displayName(d), points: zip(x, stats).map { (x: $0, y: $1.median) }, color: colour,
                    lineWidth: 2))
        }
        if let lo = xs.min(), let hi = xs.max() {
            chart.series.append(
                .init(
                    label: "\(NumberFormat.general(100 * Findings.refitTolerance)) % (the tolerance)",
                    points: [(x: lo, y: Findings.refitTolerance), (x: hi, y: Findings.refitTolerance)], color: .axis,
                    style: .dashed))
        }
        return Figure(
            file: "growing-assumption-one.png",
            caption:
                "Assumption 1 (θ̂ minimises both ℒₖ and ℒₖ₊₁) measured: how much lower the next grid size k′'s optimum θ̂ₖ′ puts the loss over its k′ objects than θ̂ₖ does, as a fraction of ℒₖ′(θ̂ₖ); medians over every network with a growing-sample record, with 95 % bootstrap bands. Below the dashed line the assumption is called a fair approximation (the findings give the size from which it is).",
            chart: chart)
    }

    /// The generalisation gap at θ̂ₖ, held-out loss − ℒ_k(θ̂ₖ), against k: median over networks per
    /// variant with the interquartile band.
    public func growingGapFigure(_ findings: Findings) -> Figure? {
        let variants = findings.growingVariants
        guard !variants.isEmpty else { return nil }
        var chart = Chart(
            title: "The generalisation gap as the sample grows", xLabel: Self.xLabel,
            yLabel: "held-out loss − ℒₖ at θ̂ₖ")
        chart.xScale = .log
        for (i, d) in variants.enumerated() {
            let records = findings.growingRecords(d)
            let sizes = Array(Set(records.flatMap { $0.points.map(\.k) })).sorted()
            let gaps = sizes.map { k in
                records.compactMap { g in
                    g.points.first { $0.k == k }.flatMap { p in p.heldOutLoss.map { $0 - p.growing.loss } }
                }.sorted()
            }
            let kept = zip(sizes, gaps).filter { !$0.1.isEmpty }
            let x = kept.map { Double($0.0) }, colour = Color.palette[i % Color.palette.count]
            chart.bands.append(
                .init(
                    x: x, lower: kept.map { GrowingSample.quantile($0.1, 0.25) },
                    upper: kept.map { GrowingSample.quantile($0.1, 0.75) },
                    color: colour.withOpacity(0.18)))
            chart.series.append(
                .init(
                    label: results.displayName(d),
                    points: zip(x, kept).map { (x: $0, y: GrowingSample.quantile($1.1, 0.5)) },
                    color: colour, lineWidth: 2))
        }
        return Figure(
            file: "growing-gap.png",
            caption:
                "The generalisation gap at θ̂ₖ: held-out mean loss minus the training loss ℒₖ over the k objects θ̂ₖ was trained on, medians over every network with a growing-sample record and their interquartile bands. E|ℒₖ₊₁ − ℒₖ| with a new object is this gap ÷ (k + 1) plus the new objects' spread (the gap part and spread part of the rates table); at k = m it is the fixed protocol's held-out gap.",
            chart: chart)
    }
}
