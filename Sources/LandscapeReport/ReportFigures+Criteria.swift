import Foundation
import LandscapeAnalysis
import LandscapeData
import LandscapeExperiment
import LandscapeFigures
import LandscapeFindings

extension ReportFigures {
    /// The network of the figure configuration (h, L of both paper figures) that has the criteria.
    func criteriaNetwork(_ d: Variant) -> ConfigurationResult? {
        results.configurations.first {
            $0.variant == d && $0.width == fixedWidth && $0.hiddenLayers == fixedDepth && $0.criteria != nil
        }
    }

    /// Δ₁'s tail exponent against h (at the figure L) or L (at the figure h), one line per variant,
    /// with the seed-pooled 95 % interval shaded, and the reference −1.
    public func exponentFigure(varying key: KeyPath<ConfigurationResult, Int>) -> Figure? {
        let byWidth = key == \ConfigurationResult.width
        var chart = Chart(
            title: "Tail exponent of Δ₁ against \(byWidth ? "h (L = \(fixedDepth))" : "L (h = \(fixedWidth))")",
            xLabel: byWidth ? "Hidden width h" : "Hidden layers L", yLabel: "fitted exponent b in Δ₁ ∝ kᵇ")
        if byWidth { chart.xScale = .log }
        var any = false, xs: [Double] = []
        for (i, v) in results.datasets.filter(\.present).map(\.variant).enumerated() {
            let groups = SeedGroup.groups(results).filter {
                $0.variant == v && (byWidth ? $0.hiddenLayers == fixedDepth : $0.width == fixedWidth)
            }
            let fits = groups.compactMap { g -> (Double, DecayFit)? in
                DecayExponent.pooled(g.trained.compactMap(\.decay), seed: 1).map {
                    (Double(byWidth ? g.width : g.hiddenLayers), $0)
                }
            }.sorted { $0.0 < $1.0 }
            guard !fits.isEmpty else { continue }
            any = true
            xs += fits.map(\.0)
            let color = Color.palette[i % Color.palette.count]
            chart.bands.append(
                .init(
                    x: fits.map(\.0), lower: fits.map(\.1.lower), upper: fits.map(\.1.upper),
                    color: color.withOpacity(0.18)))
            chart.series.append(
                .init(label: results.displayName(v), points: fits.map { (x: $0.0, y: $0.1.exponent) }, color: color))
        }
        guard any, let lo = xs.min(), let hi = xs.max() else { return nil }
        chart.series.append(
            .init(label: "−1", points: [(x: lo, y: -1), (x: hi, y: -1)], color: .axis, style: .dashed, lineWidth: 1))
        return Figure(
            file: "exponent-\(byWidth ? "h" : "L").png",
            caption:
                "The slope of log Δ₁ against log k on the tail (k ≥ \(results.spec.criteria.tailFrom)), the mean over trained seeds; shaded, the 95 % interval of a two-level bootstrap (seeds, then each seed's permutations). Dashed: −1, the paper's rate — and also the rate of any fixed set of losses taken in random order (docs/criteria.md), so a line on it says nothing about the landscape itself.",
            chart: chart)
    }

    /// k*(ε) of Δ₁ over (h, L): the seed mean, "every m ≥ k" (extrapolated values marked ~).
    public func sufficientSampleSizeFigure(_ d: Variant, epsilon: Double) -> Figure? {
        let widths = results.spec.widths.sorted(), depths = results.spec.depths.sorted()
        let groups = SeedGroup.groups(results).filter { $0.variant == d }
        var values: [[Double?]] = [], labels: [[String]] = []
        for n in depths.reversed() {
            var row: [Double?] = [], text: [String] = []
            for h in widths {
                let g = groups.first { $0.width == h && $0.hiddenLayers == n }
                let sizes = g?.trained.map { ReportContent.sufficientSampleSize($0, epsilon: epsilon) } ?? []
                let known = sizes.compactMap(\.value)
                guard !known.isEmpty else { row.append(nil); text.append("—"); continue }
                let mean = known.reduce(0, +) / Double(known.count)
                row.append(mean)
                text.append(
                    (sizes.contains { $0.settled == nil } ? "~" : "") + NumberFormat.grouped(Int(total: mean.rounded()))
                )
            }
            values.append(row)
            labels.append(text)
        }
        guard values.contains(where: { $0.contains { $0 != nil } }) else { return nil }
        var chart = Chart(
            title: "\(results.displayName(d)): k*(ε = \(NumberFormat.general(epsilon))) of Δ₁",
            xLabel: "Hidden width h", yLabel: "Hidden layers L")
        chart.height = 360
        chart.heatmap = .init(
            columns: widths.map(String.init), rows: depths.reversed().map(String.init), values: values, labels: labels)
        return Figure(
            file: "\(d.fileStem)-k-star.png",
            caption:
                "\(results.displayName(d)): the smallest sampled k from which the raw permutation mean of |ℒₖ₊₁ − ℒₖ| stays at or below ε = \(NumberFormat.general(epsilon)) at every later sampled k, averaged over the trained seeds (colour on a log scale). ~ marks a value extrapolated with the fitted power law for a seed whose curve had not settled by the last k; — a configuration with no trained seed.",
            chart: chart)
    }
}
