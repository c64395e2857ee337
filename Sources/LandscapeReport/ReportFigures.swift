import Foundation
import LandscapeAnalysis
import LandscapeData
import LandscapeExperiment
import LandscapeFigures

/// The report's figures, built from a results file. Each figure has a file name and a caption.
public struct ReportFigures {
    public struct Figure: Sendable {
        public let file: String
        /// Short alt text (the chart's title unless given); the caption says the rest, once.
        public let alt: String
        public let caption: String
        public let chart: Chart

        init(file: String, alt: String? = nil, caption: String, chart: Chart) {
            self.file = file
            self.alt = alt ?? chart.title
            self.caption = caption
            self.chart = chart
        }

        /// The image (under figures/) and its caption, as Markdown.
        public var markdown: String {
            "![\(Escaping.markdown(alt))](\(Escaping.relativeURL("figures/" + file)))\n<p class=\"caption\">\(Escaping.html(caption))</p>"
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
    /// The paper's figures draw the EMA of the curve, and the axis says so.
    static let smoothedYLabel = "EMA of |ℒₖ₊₁(θ̂) − ℒₖ(θ̂)|"
    static let xLabel = "Sample size, k"

    /// The depth held fixed while h varies (5 as in the paper, else the grid's middle).
    public var fixedDepth: Int { results.spec.figureDepth }
    /// The width held fixed while N varies (16 as in the paper, else the grid's middle).
    public var fixedWidth: Int { results.spec.figureWidth }

    /// The legend text of the paper: "h = 16, L = 5" (L meaning N, the hidden h×h layers).
    public static func legend(_ c: ConfigurationResult) -> String { "h = \(c.width), L = \(c.hiddenLayers)" }
    public static func legend(_ g: SeedGroup) -> String { "h = \(g.width), L = \(g.hiddenLayers)" }

    /// Every seed of the configurations along one of the paper's slices (`Results.slice`).
    public func configurations(_ d: Variant, varying: KeyPath<ConfigurationResult, Int>) -> [ConfigurationResult] {
        results.slice(d, varying: varying)
    }

    /// The seed groups along one of the paper's slices.
    public func groups(_ d: Variant, varying: KeyPath<ConfigurationResult, Int>) -> [SeedGroup] {
        results.sliceGroups(d, varying: varying)
    }

    var seedCount: Int { results.seeds.count }

    /// How the curve figures' lines and bands are drawn: said once per page (`ReportSection`
    /// "bandsNote"), not in every caption.
    public var bandsNote: String {
        let lines =
            seedCount > 1
            ? "Lines are the mean over \(seedCount) training seeds; the shaded band is ± one standard deviation across seeds (training noise), the dotted lines ± one standard error across the \(results.spec.permutations) permutations (ordering noise, which shrinks with more permutations)."
            : "One training seed, so no across-seed band; the dotted lines are ± one standard error across the \(results.spec.permutations) permutations (ordering noise only, not training noise)."
        return lines
            + " The paper's figures smooth the curve by an EMA (factor \(results.spec.emaFactor)), which starts at the first difference and keeps \(results.spec.emaFactor) of its past, so its left part is the smoothing's decay, not the curve; the raw curves are drawn against the bounds on each variant's page."
    }

    /// The paper's figures for one dataset: (a) N fixed, h varies; (b) h fixed, N varies. They
    /// mirror the paper, EMA smoothing included.
    public func paperFigures(_ d: Variant) -> [Figure] {
        [
            (\ConfigurationResult.width, "width", "L = \(fixedDepth), h varies"),
            (\ConfigurationResult.hiddenLayers, "depth", "h = \(fixedWidth), L varies"),
        ].map { key, suffix, subtitle in
            var chart = Chart(
                title: "\(results.displayName(d)): \(subtitle)", xLabel: Self.xLabel, yLabel: Self.smoothedYLabel)
            chart.yScale = .log
            addCurves(groups(d, varying: key), to: &chart, smoothed: true, varying: key)
            return Figure(
                file: "\(d.fileStem)-\(suffix).png",
                caption:
                    "\(results.displayName(d)), \(subtitle), as the paper draws it: the EMA of the permutation mean of |ℒₖ₊₁(θ̂) − ℒₖ(θ̂)| (how to read it: under Setup).",
                chart: chart)
        }
    }

    /// The raw permutation-mean curves of (a) with Lemma 2's bound at θ̂ (R = 0), dashed in the
    /// same colours, log–log. Raw, not smoothed: a bound is compared with the quantity it bounds.
    public func boundFigure(_ d: Variant) -> Figure {
        var chart = Chart(
            title: "\(results.displayName(d)): raw curves and Lemma 2 bounds (L = \(fixedDepth))", xLabel: Self.xLabel,
            yLabel: Self.yLabel)
        chart.xScale = .log
        chart.yScale = .log
        let groups = groups(d, varying: \.width)
        addCurves(groups, to: &chart, smoothed: false, varying: \.width)
        for g in groups {
            guard let c = g.trained.first else { continue }
            let largestLoss = g.statistic { $0.constants.largestLoss }.max
            let points = c.curve.k.map { k in (x: Double(k), y: 2 * largestLoss / Double(k + 1)) }
            chart.series.append(
                .init(label: nil, points: points, color: colour(c, varying: \.width), style: .dashed, lineWidth: 1.2))
        }
        return Figure(
            file: "\(d.fileStem)-bounds.png",
            caption:
                "\(results.displayName(d)), L = \(fixedDepth): solid, the raw permutation mean of |ℒₖ₊₁(θ̂) − ℒₖ(θ̂)| (no smoothing); dashed, Lemma 2's bound 2·M_ℓ/(k+1) at θ̂ with the largest M_ℓ over the seeds. At θ̂ this bound cannot fail (every ℓᵢ lies in [0, M_ℓ]); the figure shows how far above the curve it sits.",
            chart: chart)
    }

    /// Theorem 1's bound per configuration against h, one line per N.
    public func constantsFigure(_ d: Variant) -> Figure {
        var chart = Chart(
            title: "\(results.displayName(d)): Theorem 1 bound on ‖Hᵢ‖₂", xLabel: "Hidden width h",
            yLabel: "Theorem 1's bound (log scale)")
        chart.xScale = .log
        chart.yScale = .log
        for (i, n) in results.spec.depths.sorted().enumerated() {
            let groups = SeedGroup.groups(results).filter { $0.variant == d && $0.hiddenLayers == n }
                .sorted { $0.width < $1.width }
            let color = Color.palette[i % Color.palette.count]
            // One line per L through the seeds' geometric mean at each h; each seed a marker, so
            // seeds are never joined into one polyline.
            let mean = groups.compactMap { g -> (x: Double, y: Double)? in
                let s = g.statistic { $0.theoremOne.value.map(Foundation.log10) }
                return s.count > 0 ? (x: Double(g.width), y: pow(10, s.mean)) : nil
            }
            let seeds = groups.flatMap { g in
                g.trained.compactMap { c in c.theoremOne.value.map { (x: Double(c.width), y: $0) } }
            }
            chart.series.append(.init(label: "L = \(n)", points: mean, color: color))
            if seedCount > 1 { chart.series.append(.init(label: nil, points: seeds, color: color, style: .markers)) }
        }
        return Figure(
            file: "\(d.fileStem)-constants.png",
            caption:
                "\(results.displayName(d)): Theorem 1's right-hand side with the measured M_W (largest layer spectral norm) and M_x, for every trained network: lines through the geometric mean over the trained seeds, one marker per seed.",
            chart: chart)
    }

    /// The Figure-1 analogue: ℒₖ(θ̂ + t·d) along one filter-normalised direction, for several k.
    public func sliceFigure(_ d: Variant) -> Figure? {
        guard let c = results.configurations.first(where: { $0.variant == d && $0.slice != nil }), let slice = c.slice
        else { return nil }
        let seed = seedCount > 1 ? ", seed \(c.globalSeed ?? 0)" : ""
        var chart = Chart(
            title: "\(results.displayName(d)): landscape slices, \(Self.legend(c))\(seed)",
            xLabel: "t (step along a random filter-normalised direction d)", yLabel: "ℒₖ(θ̂ + t·d)")
        for (j, k) in slice.sampleSizes.enumerated() {
            chart.series.append(
                .init(
                    label: "k = \(k.formatted(.number.grouping(.automatic)))",
                    points: zip(slice.t, slice.losses[j]).map { (x: $0, y: $1) },
                    color: Color.palette[j % Color.palette.count]))
        }
        return Figure(
            file: "\(d.fileStem)-slices.png",
            caption:
                "\(results.displayName(d)), \(Self.legend(c))\(seed): the mean loss over the first k of a random order of the objects, along one line through θ̂ (a random filter-normalised direction). How far apart the k-curves lie is read from the figure; it is one direction of one network, not a measurement of the whole landscape.",
            chart: chart)
    }

    func colour(_ c: ConfigurationResult, varying key: KeyPath<ConfigurationResult, Int>) -> Color {
        let keys = key == \ConfigurationResult.width ? colourWidths : colourDepths
        let i = keys.firstIndex(of: c[keyPath: key]) ?? 0
        return Color.palette[i % Color.palette.count]
    }

    /// One line per seed group: the across-seed mean (EMA or raw), the across-seed band, and the
    /// permutation standard error as dotted lines. Groups with no trained seed are legend notes.
    func addCurves(
        _ groups: [SeedGroup], to chart: inout Chart, smoothed: Bool, varying key: KeyPath<ConfigurationResult, Int>
    ) {
        for g in groups {
            let color = colour(g.members[0], varying: key)
            let excluded = g.members.filter { !$0.isTrained }
            let note =
                excluded.isEmpty
                ? ""
                : " (" + excluded.map { "seed \($0.globalSeed ?? 0) \($0.status.rawValue)" }.joined(separator: ", ")
                    + ")"
            guard let mean = g.curve({ smoothed ? $0.curve.ema : $0.curve.mean }),
                let standardError = g.curve({ c in
                    smoothed
                        ? c.curve.emaStandardError
                        : c.curve.spread.map { $0 / Double(results.spec.permutations).squareRoot() }
                })
            else {
                chart.legendNotes.append((label: "\(Self.legend(g)): no trained seed\(note)", color: color))
                continue
            }
            let k = mean.k.map(Double.init)
            if g.trained.count > 1 {
                chart.bands.append(
                    .init(
                        x: k, lower: zip(mean.mean, mean.sd).map { $0 - $1 },
                        upper: zip(mean.mean, mean.sd).map { $0 + $1 },
                        color: color.withOpacity(0.2)))
            }
            for sign in [-1.0, 1.0] {
                chart.series.append(
                    .init(
                        label: nil,
                        points: (0..<k.count).map { (x: k[$0], y: mean.mean[$0] + sign * standardError.mean[$0]) },
                        color: color, style: .dotted, lineWidth: 0.8))
            }
            chart.series.append(
                .init(label: Self.legend(g) + note, points: zip(k, mean.mean).map { (x: $0, y: $1) }, color: color))
        }
        if seedCount > 1 {
            chart.bands.append(
                .init(x: [], lower: [], upper: [], color: Color.axis.withOpacity(0.2), label: "± 1 s.d. across seeds"))
        }
        chart.series.append(
            .init(label: "± 1 s.e. across permutations", points: [], color: .axis, style: .dotted, lineWidth: 0.8))
    }
}
