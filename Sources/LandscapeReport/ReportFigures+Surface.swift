import Foundation
import LandscapeAnalysis
import LandscapeExperiment
import LandscapeFigures
import LandscapeFindings

/// The paper's Figure 1 from real data: ℒₖ on a plane through θ̂ (`LandscapeSurface`).
extension ReportFigures {
    /// The network of `d` whose surface was measured (the figure configuration, first seed).
    func surfaceNetwork(_ d: Variant) -> (ConfigurationResult, LandscapeSurface)? {
        results.configurations.lazy.compactMap { c in c.variant == d ? c.surface.map { (c, $0) } : nil }.first
    }

    func surfaceChart(
        _ title: String, panels: [Chart.Surfaces.Panel], coordinates: [Double], scaleLabel: String
    ) -> Chart {
        var chart = Chart(title: title, xLabel: "α (along d₁)", yLabel: "β (along d₂)")
        chart.width = 250 * Double(panels.count) + 110
        chart.height = 330
        chart.surfaces = .init(panels: panels, coordinates: coordinates, logarithmic: true, scaleLabel: scaleLabel)
        return chart
    }

    /// ℒₖ(θ̂ + α·d₁ + β·d₂) for every measured k, side by side on one colour scale.
    public func surfaceFigure(_ d: Variant) -> Figure? {
        guard let (c, s) = surfaceNetwork(d) else { return nil }
        let panels = zip(s.sampleSizes, s.losses).map { k, l in
            Chart.Surfaces.Panel(title: "k = \(k.formatted(.number.grouping(.automatic)))", values: l)
        }
        let what = "\(Self.legend(c)), seed \(c.globalSeed ?? 0)"
        return Figure(
            file: "\(d.fileStem)-surfaces.png",
            alt: "\(results.displayName(d)): the loss surface on a plane through θ̂ for k = "
                + s.sampleSizes.map(String.init).joined(separator: ", "),
            caption:
                "\(results.displayName(d)), \(what): the paper's Figure 1 from data — the mean loss ℒₖ over the first k of one random order of the objects, on the plane θ̂ + α·d₁ + β·d₂ through θ̂ (the cross) spanned by two random filter-normalised directions (Li et al., 2018), on a \(s.side) × \(s.side) grid; one logarithmic colour scale for every panel, white contours at its ticks. Where the panels differ is how far ℒₖ lies from ℒₘ; one plane of one network, a picture, not a measurement of the landscape.",
            chart: surfaceChart(
                "\(results.displayName(d)): ℒₖ on a plane through θ̂, \(what)", panels: panels,
                coordinates: s.coordinates, scaleLabel: "ℒₖ"))
    }

    /// |ℒₖ − ℒₘ| on the same plane, for every k < m, on one colour scale.
    public func surfaceDistanceFigure(_ d: Variant) -> Figure? {
        guard let (c, s) = surfaceNetwork(d), let m = s.sampleSizes.last else { return nil }
        let maps = s.distancesFromFull
        guard !maps.isEmpty else { return nil }
        let panels = maps.map { k, values in
            Chart.Surfaces.Panel(title: "k = \(k.formatted(.number.grouping(.automatic)))", values: values)
        }
        let what = "\(Self.legend(c)), seed \(c.globalSeed ?? 0)"
        return Figure(
            file: "\(d.fileStem)-surface-distance.png",
            alt: "\(results.displayName(d)): |ℒₖ − ℒₘ| on the same plane",
            caption:
                "\(results.displayName(d)), \(what): |ℒₖ − ℒₘ| (m = \(NumberFormat.grouped(m))) point by point on the plane of the figure before, one logarithmic colour scale for every panel; the dark curves are where ℒₖ crosses ℒₘ (the difference changes sign). Median over the plane: "
                + maps.map { k, v in "\(NumberFormat.sci(Findings.median(v))) at k = \(NumberFormat.grouped(k))" }
                .joined(separator: ", ")
                + ". Averaged over samples, the root mean square distance of a mean over k of m objects is s·√((m − k)/(k(m − 1))) at every point, whatever the losses (a fall like k^(−1/2), × 3.2 per decade of k); each panel here is one sample of k objects, so its median is one draw, not that average.",
            chart: surfaceChart(
                "\(results.displayName(d)): |ℒₖ − ℒₘ| on the same plane, \(what)", panels: panels,
                coordinates: s.coordinates, scaleLabel: "|ℒₖ − ℒₘ|"))
    }
}
