import Foundation
import LandscapeAnalysis
import LandscapeData
import LandscapeExperiment
import LandscapeFigures
import LandscapeFindings

extension SpectrumCriterion: CriterionSection {
    /// The densities and the convergence of the detailed network, then the table over the variant's networks.
    public static func section(_ content: ReportContent, _ d: Variant) -> [String] {
        guard !content.measured(Self.self, d).isEmpty else { return [] }
        var parts: [String] = []
        if let f = content.figures.spectralDensityFigure(d) { parts.append(content.show(f)) }
        if let f = content.figures.spectralDensityFigure(d, bulk: true) { parts.append(content.show(f)) }
        if let f = content.figures.spectralConvergenceFigure(d) { parts.append(content.show(f)) }
        if let f = content.figures.outlierFigure(d) { parts.append(content.show(f)) }
        parts.append(content.spectrumTable(d).markdown)
        return parts
    }
}

extension ReportContent {
    /// Per measured network: outliers against K, the extremes, the traces and the layers' tops.
    func spectrumTable(_ d: Variant) -> HTMLTable {
        let rows = results.configurations.filter { $0.variant == d }.compactMap { c in
            c.criteria?[SpectrumCriterion.self].map { (c: c, s: $0) }
        }
        typealias Row = (c: ConfigurationResult, s: SpectrumCriterion.Record)
        func estimate(_ t: TraceEstimate?) -> String {
            t.map { "\(NumberFormat.general($0.value)) ± \(NumberFormat.general($0.standardError))" } ?? "—"
        }
        let columns: [Column<Row>] = [
            .number("h") { "\($0.c.width)" },
            .number("L") { "\($0.c.hiddenLayers)" },
            .number("outliers of H (G)") { "\($0.s.hessian.outliers.count) (\($0.s.gaussNewton.outliers.count))" },
            .number("bulk edge of H") { NumberFormat.general($0.s.hessian.outliers.bulkEdge) },
            .number("λ_max") { NumberFormat.general($0.s.hessian.quadrature.largest) },
            .number("λ_min") { NumberFormat.general($0.s.hessian.quadrature.smallest) },
            .number("λ_min ÷ λ_max") { NumberFormat.general($0.s.extremeRatio) },
            .number("tr H (exact)") { NumberFormat.general($0.s.trace) },
            .number("Hutchinson") { estimate($0.s.hutchinson) },
            .number("Hutch++") { estimate($0.s.hutchPlusPlus) },
            .number("top eigenvalue per layer") { r in
                r.s.layers.map { NumberFormat.general($0.top) }.joined(separator: ", ")
            },
            .number("trace share per layer") { r in
                r.s.layers.map { NumberFormat.fixed($0.trace / max(r.s.trace, 1e-300), 2) }.joined(separator: ", ")
            },
        ]
        let classes = results.datasets.first { $0.variant == d }?.classes ?? 0
        return HTMLTable(
            columns: columns, rows: rows,
            caption:
                "\(results.displayName(d)): the spectrum of the mean Hessian H⁽ᵐ⁾(θ̂) of each measured network (K = \(classes) classes). Outliers are converged Ritz values more than \(NumberFormat.general(OutlierCount.margin)) broadening widths above the bulk edge (docs/spectrum.md), for H and, in brackets, its Gauss–Newton part G. The trace is exact (tr H = tr G for a ReLU network); Hutchinson and Hutch++ (± one standard error) are the probe estimates researchers use, for comparison. Layers run from the input."
        )
    }
}

extension ReportFigures {
    /// The network whose spectrum has the details (densities at several k, the convergence curve).
    func detailedSpectrum(_ d: Variant) -> (c: ConfigurationResult, s: SpectrumCriterion.Record)? {
        results.configurations.lazy.filter { $0.variant == d }.compactMap { c in
            c.criteria?[SpectrumCriterion.self].flatMap {
                $0.convergence != nil || !$0.densities.isEmpty ? (c, $0) : nil
            }
        }.first
    }

    /// log density against eigenvalue, one line per k, the G-term dashed; `bulk`: only the bulk's
    /// 1–99 % extent and ten widths either side, where the whole-range figure shows one spike.
    public func spectralDensityFigure(_ d: Variant, bulk: Bool = false) -> Figure? {
        guard let (c, s) = detailedSpectrum(d) else { return nil }
        let full = s.hessian.quadrature
        let measures = s.densities.map { ($0.k, $0.hessian) } + [(s.objects, full)]
        var grid = SpectralQuadrature.grid(
            measures.map(\.1) + [s.gaussNewton.quadrature], width: full.width, limit: 20_000)
        if bulk {
            let lower = full.quantile(0.01) - 10 * full.width, upper = full.quantile(0.99) + 10 * full.width
            grid = SpectralGrid(lower: lower, step: (upper - lower) / 1_999, count: 2_000)
        }
        // At least two grid steps, or a narrow peak could fall between the drawn points.
        let width = max(full.width, 2 * grid.step)
        var chart = Chart(
            title:
                "\(results.displayName(d)): spectral density of H⁽ᵏ⁾(θ̂)\(bulk ? ", the bulk" : ""), \(Self.legend(c))",
            xLabel: "eigenvalue λ", yLabel: "density (log scale)")
        chart.yScale = .log
        let fullDensity = full.density(on: grid, width: width)
        let peak = fullDensity.max() ?? 1
        func line(_ q: SpectralQuadrature) -> [(x: Double, y: Double)] {
            // Below 10⁻⁸ of the peak is less than one eigenvalue in 10⁸: drawn at that floor.
            let density = q == full ? fullDensity : q.density(on: grid, width: width)
            return zip(grid.points, density).map { (x: $0, y: max($1, 1e-8 * peak)) }
        }
        for (j, (k, q)) in measures.enumerated() {
            chart.series.append(
                .init(
                    label: "H, k = \(NumberFormat.grouped(k))\(k == s.objects ? " (all)" : "")", points: line(q),
                    color: Color.palette[(measures.count - 1 - j) % Color.palette.count],
                    lineWidth: k == s.objects ? 2 : 1.2))
        }
        chart.series.append(
            .init(
                label: "G-term, k = \(NumberFormat.grouped(s.objects))", points: line(s.gaussNewton.quadrature),
                color: Color.palette[4 % Color.palette.count], style: .dashed, lineWidth: 1.4))
        let what =
            bulk
            ? "the bulk alone: the 1–99 % extent of H⁽ᵐ⁾'s measure and ten widths either side, where the whole-range figure draws one spike. Where a line drops to the floor between peaks the quadrature has no node: at this width, \(full.runs.first?.nodes.count ?? 0) steps do not resolve the bulk's interior, so its detail and the bulk edge the outlier count uses are limited by the quadrature, not by the spectrum (docs/spectrum.md)"
            : "H⁽ᵐ⁾ has \(s.hessian.outliers.count) outlier(s) above its bulk edge \(NumberFormat.general(s.hessian.outliers.bulkEdge))"
        return Figure(
            file: "\(d.fileStem)-spectral-\(bulk ? "bulk" : "density").png",
            caption:
                "\(results.displayName(d)), \(Self.legend(c)), seed \(c.globalSeed ?? 0): the spectral density of the mean Hessian over the first k objects by stochastic Lanczos quadrature (\(full.runs.count) Rademacher runs × \(full.runs.first?.nodes.count ?? 0) steps on exact Hessian-vector products), broadened by a Gaussian of width σ = \(NumberFormat.general(width)) (the bulk's 1–99 % extent over the steps, docs/spectrum.md, or two drawn points where that is finer); the dashed line is the Gauss–Newton part alone. \(what.prefix(1).uppercased() + what.dropFirst()).",
            chart: chart)
    }

    /// Each distance between the spectra at k and at m, relative, against k (log–log), with k^(−1/2).
    public func spectralConvergenceFigure(_ d: Variant) -> Figure? {
        guard let (c, s) = detailedSpectrum(d), let v = s.convergence, let first = v.points.first else { return nil }
        var chart = Chart(
            title: "\(results.displayName(d)): the spectrum of H⁽ᵏ⁾ against H⁽ᵐ⁾, \(Self.legend(c))",
            xLabel: "Sample size k", yLabel: "distance (log scale)")
        chart.xScale = .log
        chart.yScale = .log
        let lmax = abs(s.hessian.quadrature.largest), traceN = abs(s.trace) / Double(s.parameters)
        let quantities: [(String, KeyPath<SpectralConvergence.Point, [Double]>, Double)] = [
            ("W₁(μₖ, μₘ) ÷ ∫|λ| dμₘ", \.wasserstein, s.hessian.quadrature.meanAbsolute),
            ("‖H⁽ᵏ⁾ − H⁽ᵐ⁾‖₂ ÷ λ_max", \.norm, lmax),
            ("|λ_max(k) − λ_max(m)| ÷ λ_max", \.largest, lmax),
            ("|tr H⁽ᵏ⁾ − tr H⁽ᵐ⁾| ÷ tr H⁽ᵐ⁾", \.trace, traceN),
            ("outliers' mean relative error", \.outliers, 1),
        ]
        for (i, (label, path, scale)) in quantities.enumerated() {
            let points = v.mean(path).filter { $0.value > 0 }.map {
                (x: Double($0.k), y: $0.value / max(scale, 1e-300))
            }
            guard !points.isEmpty else { continue }
            chart.series.append(
                .init(label: label, points: points, color: Color.palette[i % Color.palette.count], style: .markers))
            chart.series.append(
                .init(label: nil, points: points, color: Color.palette[i % Color.palette.count], lineWidth: 1))
        }
        if let y0 = v.mean(\.norm).first?.value, y0 > 0, lmax > 0 {
            chart.series.append(
                .init(
                    label: "k^(−1/2), the sampling rate",
                    points: [Double(first.k), Double(v.points.last?.k ?? first.k)].map {
                        (x: $0, y: y0 / lmax * (Double(first.k) / $0).squareRoot())
                    }, color: .muted, style: .dotted))
        }
        return Figure(
            file: "\(d.fileStem)-spectral-convergence.png",
            caption:
                "\(results.displayName(d)), \(Self.legend(c)), seed \(c.globalSeed ?? 0): how far the spectrum of the mean Hessian over k objects is from that over all m = \(NumberFormat.grouped(s.objects)), each distance the mean over \(v.orderings) orderings (the first the objects' own), relative to H⁽ᵐ⁾'s scale where it has one. W₁ is the first Wasserstein distance between the spectral measures; the SLQ at each k shares H⁽ᵐ⁾'s starts, so it carries little quadrature noise. A sample mean's deviation falls as k^(−1/2) (dotted, through the spectral norm's first point).",
            chart: chart)
    }

    /// The outlier count of H and of its G-term against h at the figure depth, with K.
    public func outlierFigure(_ d: Variant) -> Figure? {
        let slice = configurations(d, varying: \.width).compactMap { c in c.spectrum.map { (c: c, s: $0) } }
        guard slice.count >= 2 else { return nil }
        let classes = Double(results.datasets.first { $0.variant == d }?.classes ?? 10)
        var chart = Chart(
            title: "\(results.displayName(d)): outliers above the bulk edge, L = \(slice[0].c.hiddenLayers)",
            xLabel: "hidden width h (log scale)", yLabel: "outlier count")
        chart.xScale = .log
        let widths = slice.map { Double($0.c.width) }
        chart.series.append(
            .init(
                label: "H", points: slice.map { (x: Double($0.c.width), y: Double($0.s.hessian.outliers.count)) },
                color: Color.palette[0], style: .markers))
        chart.series.append(
            .init(
                label: "G-term",
                points: slice.map { (x: Double($0.c.width) * 1.06, y: Double($0.s.gaussNewton.outliers.count)) },
                color: Color.palette[1], style: .markers))
        chart.series.append(
            .init(
                label: "K = \(Int(classes)) classes",
                points: [(x: widths.min()!, y: classes), (x: widths.max()!, y: classes)],
                color: .muted, style: .dashed, lineWidth: 1.2))
        return Figure(
            file: "\(d.fileStem)-outliers.png",
            caption:
                "\(results.displayName(d)): the number of outliers of the mean Hessian H⁽ᵐ⁾(θ̂) (and of its Gauss–Newton part, offset a little to the right) above the estimated bulk edge, against h at L = \(slice[0].c.hiddenLayers), each marker one network (seed \(slice[0].c.globalSeed ?? 0)); the dashed line is K. The depth slice is in the table below.",
            chart: chart)
    }
}
