import LandscapeAnalysis
import LandscapeData
import LandscapeExperiment
import LandscapeFigures

extension ReportFigures {
    /// Theorem 1's bound (dashed) against the measured largest per-object G-term norm (solid),
    /// against h, one colour per L.
    public func hessianBoundFigure(_ d: Variant) -> Figure {
        var chart = Chart(title: "\(d.displayName): Theorem 1 bound vs measured ‖JᵢᵀAᵢJᵢ‖₂", xLabel: "Hidden width h", yLabel: "spectral norm (log scale)")
        chart.xScale = .log
        chart.yScale = .log
        for n in results.spec.depths.sorted() {
            let configs = results.configurations.filter { $0.variant == d && $0.hiddenLayers == n && $0.status == .trained }.sorted { $0.width < $1.width }
            guard let first = configs.first else { continue }
            let color = colour(first, varying: \.hiddenLayers)
            chart.series.append(.init(label: "L = \(n) measured", points: configs.compactMap { c in c.hessian.map { (x: Double(c.width), y: $0.gaussNewton.max) } }, color: color))
            chart.series.append(.init(label: nil, points: configs.compactMap { c in c.theoremOne.value.map { (x: Double(c.width), y: $0) } }, color: color, style: .dashed, lineWidth: 1.2))
        }
        return Figure(file: "\(d.fileStem)-hessian-bound.png",
                      caption: "\(d.displayName): solid, the largest per-object Gauss–Newton norm ‖JᵢᵀAᵢJᵢ‖₂ measured exactly over all objects; dashed, Theorem 1's bound with the measured M_W and M_x. Same colour, same L.",
                      chart: chart)
    }

    /// The top eigenvalues of the mean Hessian H^(k) at θ̂ for several k.
    public func spectrumFigure(_ d: Variant) -> Figure? {
        guard let c = results.configurations.first(where: { $0.variant == d && $0.hessian?.spectrum != nil }), let s = c.hessian?.spectrum else { return nil }
        var chart = Chart(title: "\(d.displayName): top eigenvalues of H⁽ᵏ⁾(θ̂), \(Self.legend(c))", xLabel: "eigenvalue index", yLabel: "eigenvalue (log scale)")
        chart.yScale = .log
        for (j, atK) in s.atK.enumerated() {
            chart.series.append(.init(label: "k = \(NumberFormat.grouped(atK.k))", points: atK.top.enumerated().map { (x: Double($0.offset + 1), y: $0.element) },
                                      color: Color.palette[(j + 1) % Color.palette.count], style: .dashed, lineWidth: 1.3))
        }
        chart.series.append(.init(label: "k = \(NumberFormat.grouped(c.finalK + 1)) (all)", points: s.top.enumerated().map { (x: Double($0.offset + 1), y: $0.element) },
                                  color: Color.palette[0], lineWidth: 2))
        return Figure(file: "\(d.fileStem)-spectrum.png",
                      caption: "\(d.displayName), \(Self.legend(c)): the largest eigenvalues of the mean Hessian over the first k objects (Lanczos with full reorthogonalisation on exact Hessian-vector products; non-positive values are not drawn on the log axis). \(s.outliers) eigenvalue(s) sit before the widest gap.",
                      chart: chart)
    }

    /// The Hessian-difference term ‖H_{k+1}(θ̂) − H^(k)(θ̂)‖₂ against k.
    public func differenceFigure(_ d: Variant) -> Figure? {
        guard let c = results.configurations.first(where: { $0.variant == d && $0.hessian?.spectrum != nil }), let s = c.hessian?.spectrum else { return nil }
        var chart = Chart(title: "\(d.displayName): ‖Hₖ₊₁(θ̂) − H⁽ᵏ⁾(θ̂)‖₂, \(Self.legend(c))", xLabel: Self.xLabel, yLabel: "spectral norm (log scale)")
        chart.xScale = .log
        chart.yScale = .log
        chart.series.append(.init(label: "‖Hₖ₊₁ − H⁽ᵏ⁾‖₂", points: s.differenceNorms.map { (x: Double($0.k), y: $0.norm) }, color: Color.palette[3], lineWidth: 1.8))
        if let t1 = c.theoremOne.value {
            chart.series.append(.init(label: "2 × Theorem 1 (a bound on it)", points: s.differenceNorms.map { (x: Double($0.k), y: 2 * t1) }, color: Color.palette[3], style: .dashed, lineWidth: 1.2))
        }
        return Figure(file: "\(d.fileStem)-hessian-difference.png",
                      caption: "\(d.displayName), \(Self.legend(c)): the difference term of the paper's decomposition, by Lanczos on v ↦ H_{k+1}v − H^(k)v. It does not shrink with k; the 1/(k+1) in front of it is what makes the landscape converge.",
                      chart: chart)
    }
}
