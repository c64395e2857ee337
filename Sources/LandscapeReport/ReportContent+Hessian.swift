import LandscapeData
import LandscapeExperiment

extension ReportContent {
    /// The "Measured Hessian" section: figures and a tightness table per dataset.
    func hessianSection() -> String {
        let measured = results.configurations.filter { $0.hessian != nil }
        guard !measured.isEmpty else { return "> The Hessian was not measured in this run (`measureHessian: false` in the spec)." }
        return present.map { d in
            var parts = ["### \(d.variant.displayName)"]
            parts += ([figures.hessianBoundFigure(d.variant)] + [figures.spectrumFigure(d.variant), figures.differenceFigure(d.variant)].compactMap { $0 }).map(\.markdown)
            parts.append(tightnessTable(d.variant).markdown)
            return parts.joined(separator: "\n\n")
        }.joined(separator: "\n\n")
    }

    public func tightnessTable(_ d: Variant) -> HTMLTable {
        let radii = spec.radii.filter { $0 > 0 }
        var t = HTMLTable(header: ["h", "L", "status", "max ‖JᵀAJ‖₂", "mean", "q99", "max ‖Hᵢ‖₂ (8 objects)", "Theorem 1",
                                   "bound ÷ max G-term", "bound ÷ max ‖Hᵢ‖₂"] + radii.map { "Lemma 2 at R = \($0): measured / bound" },
                          numeric: Set(0..<(10 + radii.count)).subtracting([2]), caption: "\(d.displayName): measured Hessian and bound tightness")
        for c in results.configurations where c.variant == d {
            guard let h = c.hessian else { continue }
            var row = ["\(c.width)", "\(c.hiddenLayers)", c.status.rawValue, NumberFormat.sci(h.gaussNewton.max), NumberFormat.sci(h.gaussNewton.mean),
                       NumberFormat.sci(h.gaussNewton.q99), NumberFormat.sci(h.fullSample.max() ?? 0), NumberFormat.sci(log10: c.theoremOne.log10),
                       h.theoremOneOverGaussNewtonLog10.map { NumberFormat.sci(log10: $0) } ?? "—",
                       h.theoremOneOverFullLog10.map { NumberFormat.sci(log10: $0) } ?? "—"]
            row += h.lemmaTwo.map { "\(NumberFormat.sci($0.measured)) / \(NumberFormat.sci(log10: $0.boundLog10))" }
            t.rows.append(row)
        }
        return t
    }

    /// Sentences for the findings: how loose Theorem 1 is, and whether it ever fails.
    func hessianFindings(_ d: Variant) -> [String] {
        let ratios = results.configurations.filter { $0.variant == d && $0.status == .trained }.compactMap { $0.hessian?.theoremOneOverGaussNewtonLog10 }
        guard let lo = ratios.min(), let hi = ratios.max() else { return [] }
        var lines = ["- Measured against the exact per-object Gauss–Newton norm, Theorem 1's bound is \(NumberFormat.sci(log10: lo, digits: 2))–\(NumberFormat.sci(log10: hi, digits: 2)) times too large; the gap grows with L, as M<sub>W</sub><sup>2L</sup> does."]
        if lo < 0 { lines.append("- **Theorem 1's bound is below the measured G-term norm for some network here.**") }
        return lines
    }
}
