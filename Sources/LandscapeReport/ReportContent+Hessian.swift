import Foundation
import LandscapeAnalysis
import LandscapeData
import LandscapeExperiment
import LandscapeFindings

extension ReportContent {
    /// The "Measured Hessian" section: figures and a tightness table per dataset.
    func hessianSection() -> String {
        let measured = results.configurations.filter { $0.hessian != nil }
        guard !measured.isEmpty else {
            return "> The Hessian was not measured in this run (`measureHessian: false` in the spec)."
        }
        return present.map { d in
            var parts = ["### \(results.displayName(d.variant))"]
            parts +=
                ([figures.hessianBoundFigure(d.variant)]
                + [
                    figures.spectrumFigure(d.variant), figures.differenceFigure(d.variant),
                    figures.lemmaTwoAwayFigure(d.variant),
                ].compactMap { $0 }).map(\.markdown)
            if let away = lemmaTwoAwayTable(d.variant) { parts.append(away.markdown) }
            parts.append(tightnessTable(d.variant).markdown)
            return parts.joined(separator: "\n\n")
        }.joined(separator: "\n\n")
    }

    public func tightnessTable(_ d: Variant) -> HTMLTable {
        func ratio(_ boundLog10: Double?, _ measured: Double?) -> String {
            guard let b = boundLog10, let m = measured, m > 0 else { return "—" }
            return NumberFormat.sci(log10: b - Foundation.log10(m))
        }
        typealias Row = (c: ConfigurationResult, h: HessianMeasurement)
        let columns: [Column<Row>] = [
            .number("h") { "\($0.c.width)" }, .number("L") { "\($0.c.hiddenLayers)" },
            .number("seed") { "\($0.c.globalSeed ?? 0)" }, .text("status") { $0.c.status.rawValue },
            .number("max ‖JᵀAJ‖₂") { NumberFormat.sci($0.h.gaussNewton.max) },
            .number("max ‖Hᵢ‖₂ (8 objects)") { NumberFormat.sci($0.h.fullSample.max() ?? 0) },
            .number("max ‖∇ℓᵢ‖₂") { $0.h.gradient.map { NumberFormat.sci($0.max) } ?? "—" },
            .number("Theorem 1 ÷ max G-term") {
                $0.h.theoremOneOverGaussNewtonLog10.map { NumberFormat.sci(log10: $0) } ?? "—"
            },
            .number("corrected ÷ max G-term") { ratio($0.h.atMinimum?.correctedLog10, $0.h.atMinimum?.gaussNewtonMax) },
            .number("corrected full ÷ max ‖Hᵢ‖₂") {
                ratio($0.h.atMinimum?.correctedFullLog10, $0.h.atMinimum?.fullMax)
            },
            .number("θ_init: M_W") { $0.h.atInitialisation.map { NumberFormat.sci($0.spectralBound) } ?? "—" },
            .number("θ_init: Theorem 1 ÷ G-term") {
                ratio($0.h.atInitialisation?.paperLog10, $0.h.atInitialisation?.gaussNewtonMax)
            },
            .number("θ_init: corrected ÷ G-term") {
                ratio($0.h.atInitialisation?.correctedLog10, $0.h.atInitialisation?.gaussNewtonMax)
            },
        ]
        let rows = results.configurations.filter { $0.variant == d }.compactMap { c in c.hessian.map { (c: c, h: $0) } }
        return HTMLTable(
            columns: columns, rows: rows,
            caption:
                "\(results.displayName(d)): measured Hessian and bound tightness (ratios below 1 mean the bound fails)")
    }

    /// Lemma 2 off θ̂ for the configuration both figures share, each (direction, R) over the seeds.
    public func lemmaTwoAwayTable(_ d: Variant) -> HTMLTable? {
        let configs = results.configurations.filter {
            $0.variant == d && $0.isTrained && $0.width == figures.fixedWidth && $0.hiddenLayers == figures.fixedDepth
        }
        let studies = configs.flatMap { c in
            (c.hessian?.lemmaTwoAway ?? []).map { (study: $0, largestLoss: c.constants.largestLoss) }
        }
        guard !studies.isEmpty else { return nil }
        var t = HTMLTable(
            header: [
                "direction", "R ÷ ‖θ̂ − θ_init‖", "R", "curve at θ ÷ at θ̂ (k = max)", "first-order term ÷ curve",
                "M_H on the segment",
                "paper's bound (k = max)", "measured-constant bound (k = max)", "paper's bound fails at",
                "measured-constant bound fails at", "paper's form, measured M_H, fails at",
            ],
            numeric: Set(1..<11),
            caption:
                "\(results.displayName(d)), h = \(figures.fixedWidth), L = \(figures.fixedDepth): Lemma 2 off θ̂ (ranges over \(configs.count) seed\(configs.count == 1 ? "" : "s"); failures counted over the sampled k)"
        )
        for direction in LemmaTwoAway.Direction.allCases {
            for fraction in spec.radii {
                let pairs = studies.filter { $0.study.direction == direction && $0.study.fraction == fraction }
                let s = pairs.map(\.study)
                guard let first = s.first else { continue }
                let kMax = Double((first.k.last ?? 0) + 1)
                t.rows.append([
                    direction.rawValue, NumberFormat.general(fraction), NumberFormat.range(s.map(\.radius)),
                    NumberFormat.range(
                        s.map { ($0.measured.last ?? .nan) / max($0.atMinimum.last ?? .nan, 1e-300) }, digits: 3,
                        fixed: true),
                    NumberFormat.range(
                        s.map { ($0.firstOrder.last ?? .nan) / max($0.measured.last ?? .nan, 1e-300) }, digits: 2,
                        fixed: true),
                    NumberFormat.range(s.map(\.segmentHessianMax)),
                    NumberFormat.sci(log10: (s.map(\.paperConstantLog10).max() ?? .nan) - Foundation.log10(kMax)),
                    NumberFormat.range(s.map { $0.measuredConstant / kMax }),
                    "\(s.reduce(0) { $0 + $1.paperViolations }) of \(s.reduce(0) { $0 + $1.k.count })",
                    "\(s.reduce(0) { $0 + $1.measuredViolations }) of \(s.reduce(0) { $0 + $1.k.count })",
                    "\(pairs.reduce(0) { $0 + $1.study.paperFormViolations(largestLoss: $1.largestLoss) }) of \(s.reduce(0) { $0 + $1.k.count })",
                ])
            }
        }
        return t
    }
}
