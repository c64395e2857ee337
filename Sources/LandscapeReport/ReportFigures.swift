import Foundation
import LandscapeAnalysis
import LandscapeData
import LandscapeExperiment
import LandscapeFigures

/// The report's figures, built from a results file. Each figure has a file name and a caption.
public struct ReportFigures {
    public struct Figure {
        public let file: String
        public let caption: String
        public let chart: Chart

        /// The image (under figures/) and its caption, as Markdown.
        public var markdown: String {
            "![\(Escaping.markdown(caption))](figures/\(file))\n<p class=\"caption\">\(Escaping.html(caption))</p>"
        }
    }

    public let results: Results
    /// The values that fix each curve's colour: a configuration's h (or L) position in this
    /// list picks its palette entry, so the same configuration has the same colour in every
    /// figure, and in both halves of a diff when both use the union of their grids.
    public var colourWidths: [Int]
    public var colourDepths: [Int]

    public init(results: Results) {
        self.results = results
        colourWidths = results.spec.widths.sorted()
        colourDepths = results.spec.depths.sorted()
    }

    static let yLabel = "|ℒₖ₊₁(θ̂) − ℒₖ(θ̂)|"
    static let xLabel = "Sample size, k"

    /// The depth held fixed while h varies (5 as in the paper, else the grid's middle).
    public var fixedDepth: Int { let d = results.spec.depths.sorted(); return d.contains(5) ? 5 : d[d.count / 2] }
    /// The width held fixed while N varies (16 as in the paper, else the grid's middle).
    public var fixedWidth: Int { let w = results.spec.widths.sorted(); return w.contains(16) ? 16 : w[w.count / 2] }

    /// The legend text of the paper: "h = 16, L = 5" (L meaning N, the hidden h×h layers).
    public static func legend(_ c: ConfigurationResult) -> String { "h = \(c.width), L = \(c.hiddenLayers)" }

    public func configurations(_ d: Variant, varying: KeyPath<ConfigurationResult, Int>) -> [ConfigurationResult] {
        results.configurations.filter { c in
            c.variant == d && (varying == \ConfigurationResult.width ? c.hiddenLayers == fixedDepth : c.width == fixedWidth)
        }.sorted { $0[keyPath: varying] < $1[keyPath: varying] }
    }

    /// The paper's figures for one dataset: (a) N fixed, h varies; (b) h fixed, N varies.
    public func paperFigures(_ d: Variant) -> [Figure] {
        [(\ConfigurationResult.width, "width", "L = \(fixedDepth), h varies"),
         (\ConfigurationResult.hiddenLayers, "depth", "h = \(fixedWidth), L varies")].map { key, suffix, subtitle in
            var chart = Chart(title: "\(d.displayName): \(subtitle)", xLabel: Self.xLabel, yLabel: Self.yLabel)
            chart.yScale = .log
            addCurves(configurations(d, varying: key), to: &chart, band: true, varying: key)
            return Figure(file: "\(d.fileStem)-\(suffix).png",
                          caption: "\(d.displayName), \(subtitle): EMA-smoothed mean of |ℒₖ₊₁(θ̂) − ℒₖ(θ̂)| over \(results.spec.permutations) permutations; the shaded band is ± one standard error of that mean.",
                          chart: chart)
        }
    }

    /// The curves of (a) with Lemma 2's bound at θ̂ (R = 0), dashed in the same colours, log–log.
    public func boundFigure(_ d: Variant) -> Figure {
        var chart = Chart(title: "\(d.displayName): curves and Lemma 2 bounds (L = \(fixedDepth))", xLabel: Self.xLabel, yLabel: Self.yLabel)
        chart.xScale = .log
        chart.yScale = .log
        let configs = configurations(d, varying: \.width)
        addCurves(configs, to: &chart, band: false, varying: \.width)
        for c in configs where c.status != .diverged {
            let points = c.curve.k.map { k in (x: Double(k), y: c.constants.lemmaTwo(k: k, radius: 0).value) }
            chart.series.append(.init(label: nil, points: points, color: colour(c, varying: \.width), style: .dashed, lineWidth: 1.2))
        }
        return Figure(file: "\(d.fileStem)-bounds.png",
                      caption: "\(d.displayName), L = \(fixedDepth): solid, the measured curves; dashed, Lemma 2's bound 2·M_ℓ/(k+1) at θ̂ (R = 0) with each network's own M_ℓ. Both axes logarithmic.",
                      chart: chart)
    }

    /// Theorem 1's bound per configuration against h, one line per N.
    public func constantsFigure(_ d: Variant) -> Figure {
        var chart = Chart(title: "\(d.displayName): Theorem 1 bound on ‖Hᵢ‖₂", xLabel: "Hidden width h", yLabel: "bound (log scale)")
        chart.xScale = .log
        chart.yScale = .log
        for (i, n) in results.spec.depths.sorted().enumerated() {
            let configs = results.configurations.filter { $0.variant == d && $0.hiddenLayers == n && $0.status != .diverged }.sorted { $0.width < $1.width }
            let points = configs.compactMap { c in c.theoremOne.value.map { (x: Double(c.width), y: $0) } }
            chart.series.append(.init(label: "L = \(n)", points: points, color: Color.palette[i % Color.palette.count]))
        }
        return Figure(file: "\(d.fileStem)-constants.png",
                      caption: "\(d.displayName): Theorem 1's right-hand side with the measured M_W (largest layer spectral norm) and M_x, for every trained network.",
                      chart: chart)
    }

    /// The Figure-1 analogue: ℒₖ(θ̂ + t·d) along one filter-normalised direction, for several k.
    public func sliceFigure(_ d: Variant) -> Figure? {
        guard let c = results.configurations.first(where: { $0.variant == d && $0.slice != nil }), let slice = c.slice else { return nil }
        var chart = Chart(title: "\(d.displayName): landscape slices, \(Self.legend(c))", xLabel: "t (step along a random filter-normalised direction d)", yLabel: "ℒₖ(θ̂ + t·d)")
        for (j, k) in slice.sampleSizes.enumerated() {
            chart.series.append(.init(label: "k = \(k.formatted(.number.grouping(.automatic)))", points: zip(slice.t, slice.losses[j]).map { (x: $0, y: $1) },
                                      color: Color.palette[j % Color.palette.count]))
        }
        return Figure(file: "\(d.fileStem)-slices.png",
                      caption: "\(d.displayName), \(Self.legend(c)): the mean loss over the first k of a random order of the objects, along one line through θ̂. As k grows the curves settle onto one landscape — the convergence the paper proves.",
                      chart: chart)
    }

    func colour(_ c: ConfigurationResult, varying key: KeyPath<ConfigurationResult, Int>) -> Color {
        let keys = key == \ConfigurationResult.width ? colourWidths : colourDepths
        let i = keys.firstIndex(of: c[keyPath: key]) ?? 0
        return Color.palette[i % Color.palette.count]
    }

    func addCurves(_ configs: [ConfigurationResult], to chart: inout Chart, band: Bool, varying key: KeyPath<ConfigurationResult, Int>) {
        for c in configs {
            let color = colour(c, varying: key)
            switch c.status {
            case .dead:
                chart.legendNotes.append((label: "\(Self.legend(c)): dead network, curve ≡ 0", color: color))
            case .diverged:
                chart.legendNotes.append((label: "\(Self.legend(c)): diverged", color: color))
            case .trained:
                let k = c.curve.k.map(Double.init)
                if band {
                    let se = c.curve.emaStandardError
                    chart.bands.append(.init(x: k, lower: zip(c.curve.ema, se).map { $0 - $1 }, upper: zip(c.curve.ema, se).map { $0 + $1 },
                                             color: color.withOpacity(0.18)))
                }
                chart.series.append(.init(label: Self.legend(c), points: zip(k, c.curve.ema).map { (x: $0, y: $1) }, color: color))
            }
        }
    }

    /// Every figure for every present dataset.
    public func all() -> [Figure] {
        results.datasets.filter(\.present).flatMap { d in
            paperFigures(d.variant) + [boundFigure(d.variant), constantsFigure(d.variant), hessianBoundFigure(d.variant)]
                + [sliceFigure(d.variant), spectrumFigure(d.variant), differenceFigure(d.variant)].compactMap { $0 }
        }
    }
}
