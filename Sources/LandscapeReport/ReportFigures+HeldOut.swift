import Foundation
import LandscapeAnalysis
import LandscapeData
import LandscapeExperiment
import LandscapeFigures
import LandscapeFindings

/// The held-out objects and the convergence distance: what converges, on which objects.
extension ReportFigures {
    /// Every trained network with held-out losses: the held-out curve's end against the training one.
    public func heldOutFigure() -> Figure? {
        let networks = results.configurations.filter { $0.isTrained && $0.heldOut != nil }
        guard !networks.isEmpty else { return nil }
        var chart = trainedScatter(
            title: "The curve's end on held-out objects against the training objects",
            xLabel: "training objects: (k+1)·|ℒₖ₊₁ − ℒₖ| at the curve's end", yLabel: "held-out objects: the same"
        ) { c in (x: c.scaledEndLevel, y: c.heldOut?.scaledEndLevel ?? .nan) }
        let ends = networks.flatMap { [$0.scaledEndLevel, $0.heldOut!.scaledEndLevel] }.filter { $0 > 0 }
        if let lo = ends.min(), let hi = ends.max() {
            chart.series.append(
                .init(label: "equal levels", points: [(x: lo, y: lo), (x: hi, y: hi)], color: .axis, style: .dashed))
        }
        let objects = networks[0].heldOut!.objects
        return Figure(
            file: "held-out.png",
            caption:
                "Every trained network with held-out objects (the first \(NumberFormat.grouped(objects)) of the test split, never trained on): the curve's end on held-out objects against the training objects, each as (k+1)·|ℒₖ₊₁ − ℒₖ| averaged over the last decade of k (≈ the losses' mean absolute deviation, so the two sample sizes compare). Above the dashed equality line, new objects' losses spread more than the training objects'. The findings test the paper's trends on both.",
            chart: chart)
    }

    /// E|ℒ_k − ℒ_m| against k for the configuration both paper figures share: the Monte-Carlo
    /// ordering average, its exact root mean square, the neighbourhood's largest, and held-out.
    public func convergenceDistanceFigure(_ d: Variant) -> Figure? {
        guard
            let c = results.configurations.first(where: {
                $0.variant == d && $0.width == fixedWidth && $0.hiddenLayers == fixedDepth && $0.distance != nil
                    && $0.isTrained
            }), let distance = c.distance
        else { return nil }
        var chart = Chart(
            title: "\(results.displayName(d)): distance to the full-sample landscape, \(Self.legend(c))",
            xLabel: "k (objects)", yLabel: "|ℒₖ(θ) − ℒₘ(θ)|")
        chart.xScale = .log
        chart.yScale = .log
        let k = distance.k.map(Double.init)
        chart.series.append(
            .init(
                label: "E|ℒₖ − ℒₘ| at θ̂ (Monte Carlo)", points: zip(k, distance.meanAbsolute).map { (x: $0, y: $1) },
                color: Color.palette[0], lineWidth: 2))
        chart.series.append(
            .init(
                label: "√E(ℒₖ − ℒₘ)² at θ̂ (exact)", points: zip(k, distance.rootMeanSquare).map { (x: $0, y: $1) },
                color: Color.palette[0], style: .dashed))
        if let n = c.neighbourhood {
            chart.series.append(
                .init(
                    label: "largest over the neighbourhood (exact)",
                    points: distance.k.map { (x: Double($0), y: n.rootMeanSquare(k: $0, objects: distance.objects)) },
                    color: Color.palette[1], style: .dashed))
        }
        if let held = c.heldOut?.distance {
            chart.series.append(
                .init(
                    label: "E|ℒₖ − ℒₙ| on held-out objects",
                    points: zip(held.k.map(Double.init), held.meanAbsolute).map { (x: $0, y: $1) },
                    color: Color.palette[2]))
        }
        let scale = distance.rootMeanSquare.first ?? 1
        chart.series.append(
            .init(
                label: "k^(−1/2)", points: [(x: 1, y: scale), (x: k.last ?? 1, y: scale / (k.last ?? 1).squareRoot())],
                color: .axis, style: .dotted))
        return Figure(
            file: "\(d.fileStem)-distance.png",
            caption:
                "\(results.displayName(d)), \(Self.legend(c)), seed \(c.globalSeed ?? 0): how far the mean loss over the first k objects of a random order is from the mean over all m = \(NumberFormat.grouped(distance.objects)), averaged over \(distance.permutations) orders (solid), and its exact root mean square s·√((m − k)/(k(m − 1))) (dashed), which falls as k^(−1/2) (dotted) for any losses until the finite-population factor takes it to 0 at k = m. The second dashed line is the same at the point of the neighbourhood of θ̂ (filter-normalised directions, α = \(NeighbourhoodDistance.defaultRadii.map(NumberFormat.general).joined(separator: ", "))) where the losses spread most: the supremum over the neighbourhood, since the identity holds at every θ. The held-out line is the same distance on held-out objects. This, not |ℒₖ₊₁ − ℒₖ|, is what \"the landscape converges\" means here.",
            chart: chart)
    }
}
