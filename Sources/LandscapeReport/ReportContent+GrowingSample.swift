import Foundation
import LandscapeAnalysis
import LandscapeExperiment
import LandscapeFindings

/// The report's "As the sample grows" section (docs/growing-sample.md).
extension ReportContent {
    /// Why no variant has a growing-sample record, or nil when one has.
    func growingAbsence(_ f: Findings) -> String? {
        guard f.growingVariants.isEmpty else { return nil }
        return spec.growingSample == nil
            ? "> The growing-sample protocol was off in this run (`growingSample: off` in the spec)."
            : "> The growing-sample protocol measured no network in this run: it needs held-out objects "
                + "(the only new objects at k = m) and trained networks in its scope."
    }

    /// The run-wide rate findings (on the findings page).
    func growingFindings() -> String {
        let f = Findings(results: results)
        if let absent = growingAbsence(f) { return absent }
        let runWide = findings(scope: "run", growing: true)
        return runWide.isEmpty
            ? "> No run-wide growing-sample finding." : Self.byClass(runWide).map(\.markdown).joined(separator: "\n")
    }

    /// The main text's part: the figures across variants and where the findings and rates are.
    func growingOverview() -> String {
        let f = Findings(results: results)
        if let absent = growingAbsence(f) { return absent }
        var parts = [figures.assumptionOneFigure(f), figures.growingGapFigure(f)].compactMap { $0 }.map(show)
        parts.append(
            "The rate findings are [on the findings page](findings.html#as-the-sample-grows); each variant's rates (every quantity under both protocols), its Assumption 1 finding and the paper's figures redrawn for θ̂ₖ are on its page: "
                + f.growingVariants.compactMap { v in present.first { $0.variant == v } }
                .map { variantLink($0, anchor: "as-the-sample-grows") }.joined(separator: " · ") + ".")
        return parts.joined(separator: "\n\n")
    }

    /// A variant's part: its Assumption 1 finding, its rates table, the slices redrawn for θ̂ₖ.
    func growingSection(_ d: DatasetRecord) -> String {
        let f = Findings(results: results)
        if let absent = growingAbsence(f) { return absent }
        guard f.growingVariants.contains(d.variant) else {
            return "> The growing-sample protocol measured no network of this variant."
        }
        let own = findings(scope: d.variant.fileStem, growing: true)
        let slices = [
            figures.growingSliceFigure(d.variant, varying: \.width),
            figures.growingSliceFigure(d.variant, varying: \.hiddenLayers),
        ]
        return
            ([own.map(\.markdown).joined(separator: "\n"), growingRatesTable(f, d.variant).markdown]
            + slices.compactMap { $0 }.map(show)).filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    /// Per variant and quantity: the fitted exponents under both protocols, their paired
    /// difference, and the rate exchangeability gives the fixed protocol.
    func growingRatesTable(_ f: Findings, _ d: Variant) -> HTMLTable {
        let rows = GrowingQuantity.all.map { f.growingRates($0, d) }
        let columns: [Column<GrowingRates>] = [
            .text("quantity") { r in
                r.quantity.reading == .fromEnd
                    ? "|q − q(m)|, q = \(r.quantity.label)" : r.quantity.label
            },
            .number("exchangeable") { $0.quantity.exchangeable.map(NumberFormat.signed) ?? "0 (θ̂ fixed)" },
            .number("fixed b [95 %]") { Findings.rateText($0.fixed) },
            .number("growing b [95 %]") { Findings.rateText($0.growing) },
            .number("growing − fixed") { Findings.rateText($0.difference) },
            .text("rates") { r in
                f.isHeldByTarget(r.quantity) ? "held by the target" : r.comparison?.rawValue ?? "—"
            },
            .number("networks") { "\($0.growing?.networks ?? 0)" },
        ]
        return HTMLTable(
            columns: columns, rows: rows,
            caption:
                "Exponents b of c·k^b fitted per network over the grid's sizes k < m, means over networks with 95 % t-intervals; the paired difference network by network. \"differ\": its interval excludes 0; \"agree\": it lies within ±\(NumberFormat.general(GrowingRates.agreementMargin)). The fixed exponents fall short of exchangeability's at the largest k by the finite-population factor √(1 − k/m)."
        )
    }
}
