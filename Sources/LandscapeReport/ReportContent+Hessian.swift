import Foundation
import LandscapeAnalysis
import LandscapeData
import LandscapeExperiment
import LandscapeFindings

extension ReportContent {
    /// A variant's "Measured Hessian": its figures, the Lemma 2 study off θ̂, the tightness table.
    func hessianSection(_ d: DatasetRecord) -> String {
        guard results.configurations.contains(where: { $0.variant == d.variant && $0.hessian != nil }) else {
            return spec.measureHessian
                ? "> No network of this variant had its Hessian measured."
                : "> The Hessian was not measured in this run (`measureHessian: false` in the spec)."
        }
        var parts =
            ([figures.hessianBoundFigure(d.variant)]
            + [
                figures.spectrumFigure(d.variant), figures.differenceFigure(d.variant),
                figures.lemmaTwoAwayFigure(d.variant),
            ].compactMap { $0 }).map(show)
        if let away = lemmaTwoAwayTable(d.variant) { parts.append(away.markdown) }
        parts.append(tightnessTable(d.variant).markdown)
        return parts.joined(separator: "\n\n")
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
        /// One (direction, R) over the seeds: the studies and each network's M_ℓ.
        struct Row {
            let direction: LemmaTwoAway.Direction, fraction: Double
            let pairs: [(study: LemmaTwoAway, largestLoss: Double)]
            var s: [LemmaTwoAway] { pairs.map(\.study) }
            var kMax: Double { Double((s.first?.k.last ?? 0) + 1) }
            var points: Int { s.reduce(0) { $0 + $1.k.count } }
        }
        // Keyed by the studies' own fractions (never matched against the spec's list).
        let rows = LemmaTwoAway.Direction.allCases.flatMap { direction in
            Set(studies.map(\.study.fraction)).sorted().map { fraction in
                Row(
                    direction: direction, fraction: fraction,
                    pairs: studies.filter { $0.study.direction == direction && $0.study.fraction == fraction })
            }
        }.filter { !$0.pairs.isEmpty }
        let columns: [Column<Row>] = [
            .text("direction") { $0.direction.rawValue },
            .number("R ÷ ‖θ̂ − θ_init‖") { NumberFormat.general($0.fraction) },
            .number("R") { NumberFormat.range($0.s.map(\.radius)) },
            .number("curve at θ ÷ at θ̂ (k = max)") { r in
                NumberFormat.range(
                    r.s.map { ($0.measured.last ?? .nan) / max($0.atMinimum.last ?? .nan, 1e-300) }, fixed: true)
            },
            .number("first-order term ÷ curve") { r in
                NumberFormat.range(
                    r.s.map { ($0.firstOrder.last ?? .nan) / max($0.measured.last ?? .nan, 1e-300) }, digits: 2,
                    fixed: true)
            },
            .number("M_H on the segment") { NumberFormat.range($0.s.map(\.segmentHessianMax)) },
            .number("paper's bound (k = max)") { r in
                NumberFormat.sci(log10: (r.s.map(\.paperConstantLog10).max() ?? .nan) - Foundation.log10(r.kMax))
            },
            .number("measured-constant bound (k = max)") { r in
                NumberFormat.range(r.s.map { $0.measuredConstant / r.kMax })
            },
            .number("paper's bound fails at") { r in "\(r.s.reduce(0) { $0 + $1.paperViolations }) of \(r.points)" },
            .number("measured-constant bound fails at") { r in
                "\(r.s.reduce(0) { $0 + $1.measuredViolations }) of \(r.points)"
            },
            .number("paper's form, measured M_H, fails at") { r in
                "\(r.pairs.reduce(0) { $0 + $1.study.paperFormViolations(largestLoss: $1.largestLoss) }) of \(r.points)"
            },
        ]
        return HTMLTable(
            columns: columns, rows: rows,
            caption:
                "\(results.displayName(d)), h = \(figures.fixedWidth), L = \(figures.fixedDepth): Lemma 2 off θ̂ (ranges over \(configs.count) seed\(configs.count == 1 ? "" : "s"); failures counted over the sampled k)"
        )
    }
}
