import Foundation
import LandscapeData
import LandscapeExperiment
import LandscapeFindings
import LandscapeReport
import TestSupport
import XCTest

final class ReportTests: XCTestCase {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let templates = here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        "templates")

    func fixture() throws -> Results {
        try RunStore.readResults(Self.here.appendingPathComponent("Fixtures/results.json"))
    }

    /// The one-seed fixture (schema 3, read through the migration): h = 4 dead, h = 16 and 64
    /// trained at L = 5. Two trained points per seed cannot make a trend, so no verdict may claim one.
    func testFindingsOfTheOneSeedFixture() throws {
        let content = ReportContent(results: try fixture(), provenance: nil)
        let trends = Findings(results: content.results).trendFindings(Variant(dataset: .fashionMNIST))
        // The explanation "hM < 1 at large h" is tested on the widest trained network, h = 64, whose
        // largest weight in the fixture gives hM = 64 × 0.04 = 2.56 ≥ 1: contradicted.
        // The trends at equal training loss need five trained networks on a slice: inconclusive too.
        // No held-out objects in a schema-3 file: no held-out findings.
        XCTAssertEqual(
            trends.map(\.verdict), [.inconclusive, .inconclusive, .contradicted, .inconclusive, .inconclusive])
        XCTAssertTrue(trends[3].evidence.hasPrefix("fewer than five trained networks"), trends[3].evidence)
        XCTAssertTrue(trends[2].evidence.hasPrefix("at h = 64, hM ≥ 1 for 1 of 1 trained networks"), trends[2].evidence)
        XCTAssertTrue(
            trends[0].evidence.hasPrefix("fewer than three trained networks per seed, so no test."), trends[0].evidence)
        XCTAssertTrue(trends[0].evidence.contains("With one seed, training noise is not measured."), trends[0].evidence)
        // (k+1)·|ΔL|/MAD by hand from the fixture: h = 16: 6.1e-5·1000/0.03 = 2.033; h = 64: 3.2e-5·1000/0.02 = 1.6.
        XCTAssertTrue(
            trends[0].evidence.contains("(k+1)·|ΔL| = 1.60–2.03 × MAD over 2 trained networks"), trends[0].evidence)
        let findings = content.present.map(content.variantFindings).joined(separator: "\n")
        XCTAssertTrue(findings.contains("Left out of the statistics: h = 4, L = 5 seed 0 (dead, curve ≡ 0)."), findings)
    }

    func testSummaryCountsAndTheLemmaTwoTautology() throws {
        let summary = Findings(results: try fixture()).summary()
        XCTAssertTrue(
            summary.hasPrefix(
                "- Trained 3 networks (3 architectures × 1 seed; FashionMNIST) on 1,000 objects each: 2 trained, 0 untrained (train accuracy ≤ 1.5/K), 1 dead (every ReLU off), 0 diverged."
            ), summary)
        XCTAssertTrue(summary.contains("- Missing, so not run: MNIST"), summary)
        // Raw and equal-loss verdicts; no held-out objects in this file, so no third verdict.
        XCTAssertTrue(
            summary.contains(
                "  - FashionMNIST: larger h lowers the curve's end **inconclusive** · **inconclusive** · —; larger L raises it **inconclusive** · **inconclusive** · —."
            ), summary)
        XCTAssertTrue(summary.contains("Lemma 2 at θ̂ cannot fail"), summary)
        XCTAssertFalse(summary.contains("stays under Lemma 2"), summary)
    }

    func testConstantsTableRowGolden() throws {
        let table = ReportContent(results: try fixture(), provenance: nil).constantsTable(
            Variant(dataset: .fashionMNIST))
        // Schema 3 has no corrected bound ("—"); the raw end 6.1e-5 and the EMA 6e-5 are the fixture's.
        XCTAssertEqual(
            table.rows[1],
            [
                "16", "5", "0", "trained", "0.800", "0.550", "2.50", "0.750", "4.00", "1.00×10¹³", "—", "1.00×10²⁰",
                "yes", "6.10×10⁻⁵", "6.00×10⁻⁵", "8.00×10⁻³",
            ])
        XCTAssertEqual(table.rows[2][12], "no")
    }

    func testRenderedReportIsSelfContainedAndEscapesUserText() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.copyItem(
            at: Self.here.appendingPathComponent("Fixtures/results.json"), to: dir.file("results.json"))
        let index = try ReportRenderer(templates: Self.templates).render(folder: dir.url)
        let html = try String(contentsOf: index, encoding: .utf8)
        let markdown = try String(contentsOf: dir.file("report.md"), encoding: .utf8)
        // The hostile spec name is shown, but as text.
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertFalse(html.lowercased().contains("href=\"javascript"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(html.contains("&amp;"))
        XCTAssertFalse(markdown.contains("<script>"))
        // The missing dataset gets a visible box with the command that fetches it.
        XCTAssertTrue(html.contains("<blockquote>") && html.contains("landscape data fetch mnist"))
        // Every local link and image resolves; nothing points off the machine.
        let references = htmlReferences(html)
        XCTAssertFalse(references.isEmpty)
        // In-page links (the verdict table's, the contents') name an id on the page, and ids are unique.
        let ids = htmlIDs(html)
        XCTAssertEqual(ids.count, Set(ids).count, "ids are unique")
        for ref in references {
            XCTAssertFalse(ref.hasPrefix("http") || ref.hasPrefix("//"), "external reference \(ref)")
        }
        XCTAssertEqual(unresolvedReferences(html, page: index), [])
        // The per-configuration tables on their own page, and as data with every digit.
        let appendix = dir.file("appendix.html")
        let appendixHTML = try String(contentsOf: appendix, encoding: .utf8)
        XCTAssertEqual(unresolvedReferences(appendixHTML, page: appendix), [])
        XCTAssertTrue(appendixHTML.contains("<caption>FashionMNIST</caption>"))
        XCTAssertFalse(html.contains("<caption>FashionMNIST</caption>"), "not on the main page")
        let csv = try String(contentsOf: dir.file("configurations.csv"), encoding: .utf8).split(separator: "\n")
        let results = try fixture()
        XCTAssertEqual(csv.count, 1 + results.configurations.count)
        XCTAssertTrue(csv[0].hasPrefix("variant,h,L,seed,status,acc.,mean ℓ,M_W,"), "\(csv[0])")
        let c = try XCTUnwrap(results.configurations.first { $0.width == 16 })
        let row = try XCTUnwrap(csv.first { $0.hasPrefix("FashionMNIST,16,") })
        XCTAssertTrue(row.contains(",\(c.constants.spectralBound),"), "full precision: \(row)")
        XCTAssertTrue(html.contains("<table class=\"verdicts\">"), "the verdict table is on the page")
        XCTAssertTrue(references.contains("#verdicts") && references.contains("#summary"), "the contents list")
        // MNIST is missing from the fixture, so FashionMNIST stands in for the paper's Figure 2.
        XCTAssertTrue(references.contains("figures/fashion-mnist-width.png"), "\(references)")
        // The dead network is named on its variant's page, among those left out of the statistics.
        let variant = try String(contentsOf: dir.file("variant-fashion-mnist.md"), encoding: .utf8)
        XCTAssertTrue(variant.contains("Left out of the statistics: h = 4, L = 5 seed 0 (dead"), variant)
    }

    /// What is drawn is what the sections show (`ReportContent.shownFigures`, recorded as each
    /// section writes its figures): every drawn figure is shown on exactly one page, every shown
    /// figure drawn; every page's links resolve (another page's anchors included) and its ids are unique.
    func testEveryDrawnFigureIsShownOnceAndEveryShownFigureDrawn() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.copyItem(at: DiffRecordsTests.fixture, to: dir.file("results.json"))
        try ReportRenderer(templates: Self.templates).render(folder: dir.url)
        let pages = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasSuffix(".html") }
        let results = try RunStore.readResults(dir.file("results.json"))
        let variants = results.datasets.filter(\.present).map { "variant-\($0.variant.fileStem).html" }
        XCTAssertEqual(
            Set(pages), Set(["index.html", "findings.html", "appendix.html"] + variants), "one page per present variant"
        )
        var shownOn: [String: [String]] = [:]
        for page in pages {
            let url = dir.file(page), html = try String(contentsOf: url, encoding: .utf8)
            for figure in Set(htmlReferences(html).filter { $0.hasPrefix("figures/") }) {
                shownOn[figure, default: []].append(page)
            }
            let ids = htmlIDs(html)
            XCTAssertEqual(ids.count, Set(ids).count, "\(page): ids are unique")
            XCTAssertEqual(unresolvedReferences(html, page: url), [], page)
        }
        let drawn = Set(
            try FileManager.default.contentsOfDirectory(atPath: dir.file("figures").path).map { "figures/" + $0 })
        XCTAssertGreaterThan(drawn.count, 10, "the fixture has the Hessian, the criteria and the slices")
        XCTAssertEqual(drawn.subtracting(shownOn.keys), [], "drawn but shown nowhere")
        XCTAssertEqual(Set(shownOn.keys).subtracting(drawn), [], "shown but not drawn")
        XCTAssertEqual(shownOn.filter { $0.value.count > 1 }, [:], "a figure on two pages")
        // The main text holds no variant's finding: those are on the variant's page.
        let main = try String(contentsOf: dir.file("report.md"), encoding: .utf8)
        let findings = try FindingsFile.decode(Data(contentsOf: dir.file("findings.json")), file: "findings.json")
        for f in findings.findings { XCTAssertFalse(main.contains("id=\"\(f.anchor)\""), f.id) }
        for d in results.datasets.filter(\.present) {
            let page = try String(contentsOf: dir.file("variant-\(d.variant.fileStem).md"), encoding: .utf8)
            for f in findings.findings where f.id.hasPrefix(d.variant.fileStem + "/") {
                XCTAssertTrue(page.contains("- <a id=\"\(f.anchor)\"></a>"), "\(f.id) on its page")
            }
        }
    }
}
