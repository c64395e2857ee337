import Foundation
import LandscapeAnalysis
import LandscapeExperiment
import LandscapeFigures
import LandscapeFindings
import LandscapeReport
import XCTest

/// Findings, bands and the seed-aware diff on hand-made multi-seed results (SeedFixture).
final class FindingsTests: XCTestCase {
    let fashion = Variant(dataset: .fashionMNIST)

    func testEachVerdictComesFromTheData() throws {
        let content = ReportContent(results: try SeedFixture.results(), provenance: nil)
        let trends = Findings(results: content.results).trendFindings(fashion)
        // h: ρ = −1 in every seed (the untrained outlier left out): supported.
        XCTAssertEqual(trends[0].verdict, .supported, trends[0].evidence)
        XCTAssertTrue(
            trends[0].evidence.contains("mean −1.00 over 3 seeds (per seed −1.00, −1.00, −1.00)"), trends[0].evidence)
        XCTAssertTrue(
            trends[0].evidence.contains("(exact, every order within every seed) = < 0.0001 for falling"),
            trends[0].evidence)
        // The seeds differ by 2 % steps: relative s.d. of (1, 1.02, 1.04) is 0.02/1.02 = 1.96 %.
        XCTAssertTrue(trends[0].evidence.contains("median ±2.0 %"), trends[0].evidence)
        // L: falls in every seed while the claim is that it rises: contradicted.
        XCTAssertEqual(trends[1].verdict, .contradicted, trends[1].evidence)
        // MAD, by hand: seed 0 orders (1,3,2,5,4): Σd² = 4, ρ = 1 − 24/120 = +0.8; seed 1 without its
        // untrained h = 4: (5,2,3,1) → ranks (4,2,3,1), Σd² = 18, ρ = 1 − 108/60 = −0.8; seed 2
        // (3,1,5,2,4): Σd² = 14, ρ = 1 − 84/120 = +0.3. Mean +0.10, part of the width trend's evidence.
        XCTAssertTrue(
            trends[0].evidence.contains(
                "mean absolute deviation (MAD): Spearman ρ between h and the value, mean +0.10 over 3 seeds (per seed +0.80, −0.80, +0.30)"
            ), trends[0].evidence)
        // The untrained network is named among those left out.
        XCTAssertTrue(
            content.present.map(content.variantFindings).joined(separator: "\n").contains(
                "h = 4, L = 5 seed 1 (untrained, accuracy 0.100)"))
    }

    func testUntrainedNetworkWouldHaveChangedTheVerdict() throws {
        // Counted, the untrained h = 4 outlier (1e-9, the lowest) would break seed 1's order:
        // its ρ would be −0.6 instead of −1. That it stays −1.00 shows it was left out.
        let content = ReportContent(results: try SeedFixture.results(), provenance: nil)
        XCTAssertEqual(
            Findings(results: content.results).trendFindings(fashion)[0].evidence.components(separatedBy: "−1.00").count
                - 1, 4)
    }

    func testSeedBandHasTheKnownMeanAndSpread() throws {
        let results = try SeedFixture.results()
        let group = SeedGroup.groups(results).first { $0.width == 16 && $0.hiddenLayers == 1 }!
        let stat = group.statistic(\.finalMean)
        let base = 1e-3 / 16 / 2
        XCTAssertEqual(stat.mean, base * 1.02, accuracy: 1e-15)
        XCTAssertEqual(stat.sd, base * 0.02, accuracy: 1e-15) // s.d. of (1, 1.02, 1.04) = 0.02
        // The band in the paper figure: mean ± s.d. of the EMA, pointwise (all seeds share the template's curve here).
        let figure = ReportFigures(results: results).paperFigures(fashion)[0]
        // one per h; h = 4 still has two trained seeds
        XCTAssertEqual(figure.chart.bands.filter { !$0.x.isEmpty }.count, 5)
        let band = figure.chart.bands[0]
        XCTAssertEqual(band.upper[0], band.lower[0], accuracy: 1e-15) // identical curves: zero spread
    }

    /// The constants figure joins no seeds: per L one line through the seeds' geometric mean at
    /// each h (bounds 10, 1,000 and 100,000 → 1,000), and each seed a marker.
    func testConstantsFigureDrawsSeedsAsMarkersAndTheirGeometricMean() throws {
        let (base, template) = try SeedFixture.template()
        var configurations: [ConfigurationResult] = []
        for (seed, log10) in [(UInt64(0), 1.0), (1, 3.0), (2, 5.0)] {
            for h in [8, 16] {
                configurations.append(
                    try SeedFixture.network(
                        template, h: h, n: 5, seed: seed,
                        ["theoremOne": ["log10": log10, "value": pow(10, log10)], "status": "trained"]))
            }
        }
        var spec = base.spec
        spec.widths = [8, 16]
        spec.depths = [5]
        spec.seeds = [0, 1, 2]
        let results = Results(spec: spec, datasets: base.datasets, configurations: configurations)
        let chart = ReportFigures(results: results).constantsFigure(fashion).chart
        let line = try XCTUnwrap(chart.series.first { $0.label == "L = 5" })
        XCTAssertEqual(line.points.map(\.x), [8, 16], "one point per h, not one per network")
        for p in line.points { XCTAssertEqual(p.y, 1_000, accuracy: 1e-9) }
        let markers = try XCTUnwrap(chart.series.first { $0.style == .markers })
        XCTAssertNil(markers.label, "one legend entry per L")
        XCTAssertEqual(markers.points.map(\.y).sorted(), [10, 10, 1_000, 1_000, 100_000, 100_000])
    }

    /// The spread figure plots the number the findings quote: the end level (k+1)·|ΔL| averaged
    /// over the tail, against the MAD, one point per trained network.
    func testSpreadFigurePlotsTheEndLevelTheTextQuotes() throws {
        let results = try SeedFixture.results()
        let chart = ReportFigures(results: results).spreadFigure().chart
        let points = chart.series.filter { $0.label != "identity" }.flatMap(\.points).map { "\($0.x) \($0.y)" }
        let trained = results.configurations.filter(\.isTrained)
        XCTAssertEqual(points.sorted(), trained.map { "\($0.lossDeviation) \($0.scaledEndLevel)" }.sorted())
    }

    func testBoundFigurePlotsTheRawMeanNotTheEMA() throws {
        let results = try SeedFixture.results()
        let figure = ReportFigures(results: results).boundFigure(fashion)
        let c = results.configurations.first { $0.width == 16 && $0.hiddenLayers == 5 }!
        XCTAssertNotEqual(c.curve.mean, c.curve.ema, "the fixture must tell the two apart")
        let line = figure.chart.series.first { $0.label?.hasPrefix("h = 16, L = 5") == true }!
        // The line is the mean over the three seeds of the raw curve, pointwise.
        let seeds = results.configurations.filter { $0.width == 16 && $0.hiddenLayers == 5 }
        XCTAssertEqual(seeds.count, 3)
        for (j, y) in line.points.map(\.y).enumerated() {
            XCTAssertEqual(y, seeds.map { $0.curve.mean[j] }.reduce(0, +) / 3, accuracy: 1e-15)
        }
        XCTAssertTrue(figure.caption.contains("no smoothing"))
    }

    func testDiffSeparatesSeedNoiseFromARealChange() throws {
        let old = ResultsSource(label: "old", results: try SeedFixture.results(), provenance: nil)
        // A change of 1 % of one seed: the seed mean moves by 0.33 %, inside the 2 % spread.
        let small = ResultsSource(
            label: "small",
            results: try SeedFixture.results { h, n, s in
                SeedFixture.defaultMean(h: h, n: n, seed: s) * (h == 16 && n == 1 && s == 0 ? 1.01 : 1)
            }, provenance: nil)
        let within = ResultsDiff(old, small)
        let row = within.seedRows.first { $0.architecture == "fashion-mnist-h16-N1" && $0.metric == "final |ΔL| mean" }!
        XCTAssertTrue(row.changed && row.withinNoise)
        XCTAssertEqual(within.exitStatus(rtol: 0, atol: 0), 0)
        XCTAssertEqual(within.exitStatus(rtol: 0, atol: 0, exact: true), 1)
        XCTAssertTrue(within.text(all: false).contains("within seed noise"))
        // Doubling every seed's value moves the mean far beyond the spread.
        let large = ResultsSource(
            label: "large",
            results: try SeedFixture.results { h, n, s in
                SeedFixture.defaultMean(h: h, n: n, seed: s) * (h == 16 && n == 1 ? 2 : 1)
            }, provenance: nil)
        let beyond = ResultsDiff(old, large)
        XCTAssertEqual(beyond.exitStatus(rtol: 0, atol: 0), 1)
        XCTAssertTrue(beyond.markdown(all: false).contains("beyond seed noise"))
    }
}
