import Foundation
import LandscapeAnalysis
import LandscapeData
import LandscapeExperiment

extension Findings {
    /// The report's summary, with its verdicts read from `all()`.
    public func summary() -> String { summary(of: all()) }

    /// The report's summary: bullet points written from the numbers (counts, ranges per variant)
    /// and the verdicts of `findings` (this results file's, as `all()` computes them), so no trend
    /// test runs twice.
    public func summary(of findings: [Finding]) -> String {
        let all = results.configurations
        func count(_ s: ConfigurationResult.Status) -> Int { all.filter { $0.status == s }.count }
        let architectures = Set(all.map(\.architectureID)).count
        var lines = [
            "- Trained \(all.count) networks (\(architectures) architectures × \(results.seeds.count) seed\(results.seeds.count == 1 ? "" : "s"); \(present.map { results.displayName($0.variant) }.joined(separator: ", "))) on \(NumberFormat.grouped(spec.objects)) objects each: \(count(.trained)) trained, \(count(.untrained)) untrained (train accuracy ≤ 1.5/K), \(count(.dead)) dead (every ReLU off), \(count(.diverged)) diverged. Untrained, dead and diverged networks are left out of every trend."
        ]
        for d in present {
            if let k = d.classesPresent, k < d.classes {
                lines.append(
                    "- \(results.displayName(d.variant)): only \(k) of its \(d.classes) classes occur among the \(NumberFormat.grouped(d.objects)) objects used."
                )
            }
        }
        if !missing.isEmpty {
            lines.append(
                "- Missing, so not run: \(missing.map { results.displayName($0.variant) }.joined(separator: ", ")) (see the boxes under Setup)."
            )
        }
        let trendCount = findings.filter { f in
            f.statistic != nil
                && ["width-trend", "depth-trend", "width-trend-held-out", "depth-trend-held-out"].contains {
                    f.id.hasSuffix("/" + $0)
                }
        }.count
        lines.append(
            "- **The paper's trends**, each judged three ways — raw, at equal training loss, and on held-out objects — with Holm's adjustment over the \(trendCount) trend tests:"
        )
        for d in present {
            let ends = SeedGroup.groups(results).filter { $0.variant == d.variant }.map { $0.statistic(\.endLevel) }
                .filter { $0.count > 0 }
            guard !ends.isEmpty else {
                lines.append("  - \(results.displayName(d.variant)): no trained network.")
                continue
            }
            func three(_ claim: String) -> String {
                ["", "-controlled", "-held-out"].map { suffix in
                    findings.first { $0.id == Self.id(d.variant, claim + suffix) }.map { "**\($0.verdict.rawValue)**" }
                        ?? "—"
                }.joined(separator: " · ")
            }
            lines.append(
                "  - \(results.displayName(d.variant)): larger h lowers the curve's end \(three("width-trend")); larger L raises it \(three("depth-trend"))."
            )
        }
        lines.append(spreadSummary(findings))
        lines.append(
            "- **Every rate is fixed by sampling, so only levels carry information.** For any losses in random order, Δ₁ ends at MAD/(k+1), E(ℒ<sub>k+1</sub> − ℒ<sub>k</sub>)² = s²·m/(k(k+1)(m−1)) and E(ℒ<sub>k</sub> − ℒ<sub>m</sub>)² = s²(m − k)/(k(m − 1)); the fits below are checks of the measurement (\(["run/delta1-rate", "run/delta2-rate", "run/convergence-distance-rate"].compactMap { id in findings.first { $0.id == id }.map { "\($0.id): \($0.label.lowercased())" } }.joined(separator: "; "))), never evidence about the landscape."
        )
        lines += theorySummary()
        lines += heldOutSummary(findings)
        lines += beyondSummary(findings)
        lines += growingSummary(findings)
        return lines.joined(separator: "\n")
    }

    /// A trend finding's verdict and mean ρ as the summary prints them ("—" without a test).
    func trend(_ findings: [Finding], _ d: Variant, _ claim: String) -> (verdict: String, rho: String) {
        let f = findings.first { $0.id == Self.id(d, claim) }
        let rho = f?.statistic.map { $0.value.isNaN ? "—" : NumberFormat.signed($0.value) } ?? "—"
        return (f?.verdict.rawValue ?? Finding.Verdict.inconclusive.rawValue, rho)
    }

    /// The trained networks along one of the paper's slices, per seed, as (x, y) points.
    func slicePoints(
        _ d: Variant, varying key: KeyPath<ConfigurationResult, Int>, _ value: (ConfigurationResult) -> Double?
    ) -> [[(x: Double, y: Double)]] {
        let configs = results.slice(d, varying: key).filter(\.isTrained)
        return results.seeds.map { s in
            configs.filter { ($0.globalSeed ?? 0) == s }.compactMap { c in
                value(c).map { (x: Double(c[keyPath: key]), y: $0) }
            }
        }
    }

    func widthTrend(_ d: Variant) -> TrendTest {
        TrendTest(seeds: slicePoints(d, varying: \.width) { $0.endLevel }, expectRising: false)
    }
    func depthTrend(_ d: Variant) -> TrendTest {
        TrendTest(seeds: slicePoints(d, varying: \.hiddenLayers) { $0.endLevel }, expectRising: true)
    }

    /// The width and depth trend tests of every present variant (each run once), by finding id,
    /// with the Holm-adjusted p of each test's expected direction over that family.
    struct TrendFamily {
        let tests: [String: TrendTest]
        let holm: [String: Double]
    }

    func trendFamily() -> TrendFamily {
        var tests: [String: TrendTest] = [:], ids: [String] = [], p: [Double] = []
        for d in present.map(\.variant) {
            let family = [
                ("width-trend", widthTrend(d), false), ("depth-trend", depthTrend(d), true),
                ("width-trend-held-out", heldOutWidthTrend(d), false),
                ("depth-trend-held-out", heldOutDepthTrend(d), true),
            ]
            for (claim, t, rising) in family {
                tests[Self.id(d, claim)] = t
                guard !t.correlations.isEmpty else { continue }
                ids.append(Self.id(d, claim))
                p.append(rising ? t.pRising : t.pFalling)
            }
        }
        return TrendFamily(tests: tests, holm: Dictionary(uniqueKeysWithValues: zip(ids, TrendTest.holm(p))))
    }

    /// A variant's trend findings on their own (no family, so no Holm adjustment).
    public func trendFindings(_ d: Variant) -> [Finding] { trendFindings(d, family: nil) }

    func trendFindings(_ d: Variant, family: TrendFamily?) -> [Finding] {
        let h = family?.tests[Self.id(d, "width-trend")] ?? widthTrend(d)
        let l = family?.tests[Self.id(d, "depth-trend")] ?? depthTrend(d)
        let holm = family?.holm ?? [:]
        // A test supported on its own but not after Holm's adjustment over the family is inconclusive.
        func verdict(_ t: TrendTest, _ claim: String) -> Finding.Verdict {
            if t.verdict == .supported, let p = holm[Self.id(d, claim)], p >= TrendTest.alpha { return .inconclusive }
            return .init(t.verdict)
        }
        func adjusted(_ claim: String) -> String {
            holm[Self.id(d, claim)].map {
                " Holm-adjusted over the \(holm.count) trend tests of this report: p = \(NumberFormat.pValue($0))."
            } ?? ""
        }
        let mad = TrendTest(seeds: slicePoints(d, varying: \.width) { $0.lossDeviation }, expectRising: false)
        let bound = TrendTest(seeds: slicePoints(d, varying: \.width) { $0.theoremOne.log10 }, expectRising: false)
        let hM = results.configurations.filter { $0.variant == d && $0.isTrained }.map {
            Double($0.width) * $0.constants.largestWeight
        }
        return [
            Finding(
                id: Self.id(d, "width-trend"), kind: .empirical,
                claim: "At L = \(fixedDepth), larger h lowers the curve's end (the paper's Figure 2a).",
                verdict: verdict(h, "width-trend"),
                statistic: h.statistic(falling: true),
                evidence: trendEvidence(h, key: "h") + adjusted("width-trend") + " " + seedSpread(d)
                    + " The same test on the losses' mean absolute deviation (MAD): " + trendEvidence(mad, key: "h")
                    + " " + spreadRatio([d])),
            Finding(
                id: Self.id(d, "depth-trend"), kind: .empirical,
                claim: "At h = \(fixedWidth), larger L raises the curve's end (Figure 2b).",
                verdict: verdict(l, "depth-trend"),
                statistic: l.statistic(falling: false), evidence: trendEvidence(l, key: "L") + adjusted("depth-trend")),
            explanationFinding(d, hM: hM, bound: bound),
        ]
            + [
                controlledFinding(d, varying: \.width, expectRising: false),
                controlledFinding(d, varying: \.hiddenLayers, expectRising: true),
            ].compactMap { $0 }
            + heldOutFindings(d, family: family, verdict: verdict, adjusted: adjusted)
    }

    /// The curve's end against h (or L) at equal training loss, on every trained network of the slice.
    func controlledTrend(
        _ d: Variant, varying key: KeyPath<ConfigurationResult, Int>, minimumAccuracy: Double = 0
    ) -> ControlledTrend? {
        let configs = results.slice(d, varying: key).filter { $0.isTrained && $0.accuracy >= minimumAccuracy }
        return ControlledTrend.fit(
            x: configs.map { Double($0[keyPath: key]) }, y: configs.map(\.endLevel), covariate: configs.map(\.meanLoss))
    }

    /// Whether the width (depth) trend survives holding the mean training loss fixed: ten epochs of
    /// Adam fit the architectures unequally, and the curve's end is the losses' spread, which tracks
    /// the fit. Empirical: the interval could have excluded 0 either way, or not at all.
    func controlledFinding(
        _ d: Variant, varying key: KeyPath<ConfigurationResult, Int>, expectRising: Bool
    ) -> Finding? {
        let name = key == \ConfigurationResult.width ? "h" : "L"
        let claim =
            key == \ConfigurationResult.width
            ? "At L = \(fixedDepth) and equal training loss, larger h lowers the curve's end."
            : "At h = \(fixedWidth) and equal training loss, larger L raises the curve's end."
        let id = Self.id(d, key == \ConfigurationResult.width ? "width-trend-controlled" : "depth-trend-controlled")
        guard let t = controlledTrend(d, varying: key) else {
            return Finding(
                id: id, kind: .empirical, claim: claim, verdict: .inconclusive,
                evidence:
                    "fewer than five trained networks on the slice, or no spread in \(name) or in the training loss.")
        }
        let verdict: Finding.Verdict =
            switch t.verdict(expectRising: expectRising) {
            case .supported: .supported
            case .contradicted: .contradicted
            case .inconclusive: .inconclusive
            }
        func interval(_ b: Double, _ lo: Double, _ hi: Double) -> String {
            "\(NumberFormat.signed(b)) (95 % interval \(NumberFormat.signed(lo)) to \(NumberFormat.signed(hi)))"
        }
        let values = key == \ConfigurationResult.width ? spec.widths : spec.depths
        let span = Double(values.max() ?? 1) / Double(max(1, values.min() ?? 1))
        func ratio(_ b: Double) -> String { NumberFormat.fixed(Foundation.pow(span, b), 2) }
        // How the verdict moves with the bar for "trained" (accuracy above 1.5/K by default).
        let sensitivity = [0.5, 0.7].map { bar -> String in
            let verdict = controlledTrend(d, varying: key, minimumAccuracy: bar).map {
                switch $0.verdict(expectRising: expectRising) {
                case .supported: "supported"
                case .contradicted: "contradicted"
                case .inconclusive: "inconclusive"
                }
            }
            return "\(verdict ?? "untestable") at accuracy ≥ \(NumberFormat.fixed(bar, 1))"
        }
        return Finding(
            id: id, kind: .empirical, claim: claim, verdict: verdict,
            statistic: Finding.Statistic(
                name: "slope of log level on log \(name) at fixed log mean loss", value: t.slope, of: t.points),
            evidence:
                "log(curve's end) on log \(name) and log(mean training loss) over \(t.points) trained networks, seeds pooled: slope \(interval(t.slope, t.lower, t.upper)), so from the smallest to the largest \(name) the end changes × \(ratio(t.slope)) (\(ratio(t.lower))–\(ratio(t.upper))) at equal loss; without the loss the slope is \(interval(t.unadjusted, t.unadjustedLower, t.unadjustedUpper)); the end rises with the training loss at slope \(NumberFormat.signed(t.covariateSlope)). Intervals: 2,000 pairs-bootstrap resamples of the networks. The verdict is \(sensitivity.joined(separator: " and "))."
        )
    }

    /// The paper explains the h trend by hM < 1 at large h: tested on the widest networks.
    func explanationFinding(_ d: Variant, hM: [Double], bound: TrendTest) -> Finding {
        let widest = spec.widths.max() ?? 0
        let atWidest = results.configurations.filter { $0.variant == d && $0.isTrained && $0.width == widest }.map {
            Double($0.width) * $0.constants.largestWeight
        }
        let direction =
            switch bound.verdict {
            case .contradicted: "rising with h, the opposite of the curve"
            case .supported: "falling with h"
            case .inconclusive: "no clear trend"
            }
        let boundTrend =
            bound.correlations.isEmpty
            ? ""
            : " Theorem 1's bound against h at L = \(fixedDepth): mean ρ = \(NumberFormat.signed(bound.meanCorrelation)), \(direction) (p = \(NumberFormat.pValue(bound.pFalling)) falling, \(NumberFormat.pValue(bound.pRising)) rising)."
        return Finding(
            id: Self.id(d, "hm-explanation"), kind: .empirical,
            claim:
                "The paper's explanation of the h trend: large h makes the weights so small that hM < 1, so the bounds shrink.",
            failures: atWidest.filter { $0 >= 1 }.count, checked: atWidest.count,
            evidence:
                "at h = \(widest), hM ≥ 1 for \(atWidest.filter { $0 >= 1 }.count) of \(atWidest.count) trained networks; over every trained network hM lies in \(NumberFormat.range(hM, digits: 2)) (below 1 in \(hM.filter { $0 < 1 }.count) of \(hM.count)).\(boundTrend) What tracks the curve is the spread of the losses (above)."
        )
    }

    /// "mean Spearman ρ = −0.93 over 3 seeds (−1.00, −0.90, −0.90); permutation p = 0.0004 falling, 1.00 rising."
    func trendEvidence(_ t: TrendTest, key: String) -> String {
        guard !t.correlations.isEmpty else { return "fewer than three trained networks per seed, so no test." }
        let per =
            t.correlations.count > 1
            ? " (per seed " + t.correlations.map(NumberFormat.signed).joined(separator: ", ") + ")" : ""
        return
            "Spearman ρ between \(key) and the value, mean \(NumberFormat.signed(t.meanCorrelation)) over \(t.correlations.count) seed\(t.correlations.count == 1 ? "" : "s")\(per); one-sided permutation p (\(t.exact ? "exact, every order within every seed" : "20,000 draws")) = \(NumberFormat.pValue(t.pFalling)) for falling, \(NumberFormat.pValue(t.pRising)) for rising."
    }

    /// How much the curve's end moves between seeds of one architecture (relative SD).
    func seedSpread(_ d: Variant) -> String {
        let relative = SeedGroup.groups(results).filter { $0.variant == d }.map { $0.statistic(\.endLevel) }.filter {
            $0.count > 1
        }.map { $0.sd / $0.mean }
        guard !relative.isEmpty else { return "With one seed, training noise is not measured." }
        let sorted = relative.sorted()
        return
            "Between seeds the end moves by a median ±\(NumberFormat.fixed(100 * sorted[sorted.count / 2], 1)) % (standard deviation ÷ mean), at most ±\(NumberFormat.fixed(100 * sorted.last!, 1)) %."
    }

    /// (k+1)·|ΔL| ÷ MAD over the trained networks of `variants`.
    func spreadRatio(_ variants: [Variant]) -> String {
        let ratios = results.configurations.filter {
            variants.contains($0.variant) && $0.isTrained && $0.lossDeviation > 0
        }
        .map { $0.scaledEndLevel / $0.lossDeviation }
        guard !ratios.isEmpty else { return "" }
        return
            "The curve's end is (k+1)·|ΔL| = \(NumberFormat.range(ratios, digits: 3, fixed: true)) × MAD over \(ratios.count) trained networks — near 1 by the law of large numbers (for large k, ℒₖ is close to the mean loss), a check of the measurement rather than evidence."
    }

    func spreadSummary(_ findings: [Finding]) -> String {
        let falling = present.filter { d in
            TrendTest(seeds: slicePoints(d.variant, varying: \.width) { $0.lossDeviation }, expectRising: false).verdict
                == .supported
        }.count
        let hM = results.configurations.filter(\.isTrained).map { Double($0.width) * $0.constants.largestWeight }
        let fitted = results.configurations.filter { $0.isTrained && $0.meanLoss > 0 && $0.lossDeviation > 0 }
        let rho = TrendTest.spearman(fitted.map(\.meanLoss), fitted.map(\.lossDeviation))
        return
            "- **What drives the trends: how well ten epochs fit.** \(spreadRatio(present.map(\.variant))) The spread tracks the mean training loss (Spearman ρ = \(NumberFormat.signed(rho)) over \(fitted.count) trained networks) and falls with h in \(falling) of \(present.count) variants. The paper gives two explanations: hM < 1 at large h, which fails (hM lies in \(NumberFormat.range(hM, digits: 2)), below 1 in \(hM.filter { $0 < 1 }.count) of \(hM.count)); and that wide, shallow networks fit better (its Sec. 5.1), which is what the equal-training-loss verdict separates from the landscape."
    }
}

extension TrendTest {
    /// The mean Spearman ρ with the one-sided permutation p of the expected direction.
    func statistic(falling: Bool) -> Finding.Statistic? {
        correlations.isEmpty
            ? nil
            : Finding.Statistic(
                name: "mean Spearman ρ", value: meanCorrelation, of: correlations.count,
                p: falling ? pFalling : pRising)
    }
}
