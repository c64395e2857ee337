import Foundation
import LandscapeAnalysis
import LandscapeExperiment
import LandscapeFindings

/// The report's "As the sample grows" section (docs/growing-sample.md).
extension ReportContent {
    func growingSection() -> String {
        let f = Findings(results: results)
        guard !f.growingVariants.isEmpty else {
            return spec.growingSample == nil
                ? "> The growing-sample protocol was off in this run (`growingSample: off` in the spec)."
                : "> The growing-sample protocol measured no network in this run: it needs held-out objects "
                    + "(the only new objects at k = m) and trained networks in its scope."
        }
        // Run-wide rate findings first; each variant's Assumption 1 finding under its own heading.
        let runWide = findings.filter { Findings.isGrowingSample($0.id) && $0.id.hasPrefix("run/") }
        var parts = [Self.byClass(runWide).map(\.markdown).joined(separator: "\n")]
        parts.append(growingRatesTable(f).markdown)
        parts += [figures.assumptionOneFigure(f), figures.growingGapFigure(f)].compactMap { $0 }.map(show)
        for d in f.growingVariants {
            let own = findings.filter { Findings.isGrowingSample($0.id) && $0.id.hasPrefix(d.fileStem + "/") }
            let slices = [
                figures.growingSliceFigure(d, varying: \.width), figures.growingSliceFigure(d, varying: \.hiddenLayers),
            ]
            parts.append(
                (["### \(results.displayName(d))", own.map(\.markdown).joined(separator: "\n")]
                    + slices.compactMap { $0 }.map(show)).filter { !$0.isEmpty }.joined(separator: "\n\n"))
        }
        return parts.joined(separator: "\n\n")
    }

    /// Per variant and quantity: the fitted exponents under both protocols, their paired
    /// difference, and the rate exchangeability gives the fixed protocol.
    func growingRatesTable(_ f: Findings) -> HTMLTable {
        typealias Row = (variant: String, rates: GrowingRates)
        let rows = f.growingVariants.flatMap { d in
            GrowingQuantity.all.map { (results.displayName(d), f.growingRates($0, d)) }
        }
        let columns: [Column<Row>] = [
            .text("variant") { $0.variant },
            .text("quantity") { r in
                r.rates.quantity.reading == .fromEnd
                    ? "|q − q(m)|, q = \(r.rates.quantity.label)" : r.rates.quantity.label
            },
            .number("exchangeable") { $0.rates.quantity.exchangeable.map(NumberFormat.signed) ?? "0 (θ̂ fixed)" },
            .number("fixed b [95 %]") { Findings.rateText($0.rates.fixed) },
            .number("growing b [95 %]") { Findings.rateText($0.rates.growing) },
            .number("growing − fixed") { Findings.rateText($0.rates.difference) },
            .text("rates") { r in
                f.isHeldByTarget(r.rates.quantity) ? "held by the target" : r.rates.comparison?.rawValue ?? "—"
            },
            .number("networks") { "\($0.rates.growing?.networks ?? 0)" },
        ]
        return HTMLTable(
            columns: columns, rows: rows,
            caption:
                "Exponents b of c·k^b fitted per network over the grid's sizes k < m, means over networks with 95 % t-intervals; the paired difference network by network. \"differ\": its interval excludes 0; \"agree\": it lies within ±\(NumberFormat.general(GrowingRates.agreementMargin)). The fixed exponents fall short of exchangeability's at the largest k by the finite-population factor √(1 − k/m)."
        )
    }
}
