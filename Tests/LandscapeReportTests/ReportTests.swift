import Foundation
import LandscapeExperiment
import LandscapeReport
import TestSupport
import XCTest

final class ReportTests: XCTestCase {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let templates = here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("templates")

    func fixture() throws -> Results { try RunStore.readResults(Self.here.appendingPathComponent("Fixtures/results.json")) }

    /// Golden text, worked out by hand from the fixture's values (see Fixtures/README.md).
    func testFindingsGolden() throws {
        let content = ReportContent(results: try fixture(), provenance: nil)
        XCTAssertEqual(content.findings(), """
        **FashionMNIST.**
        - At L = 5, larger h gives a lower curve (as the paper reports): at k = 999 the EMA goes from 6.00×10⁻⁵ (h = 16) to 3.00×10⁻⁵ (h = 64), a factor of 0.50; 0 of 1 steps go up.
        - Too few trained networks at h = 16 to say how L changes the curve.
        - Lemma 2's bound at θ̂ is 133–200 times the smoothed curve at the largest k: it holds, with its 1/k shape, but loosely.
        - The curve's end is close to (mean absolute deviation of the per-object losses)/(k+1): the ratio is 1.50–2.00. The curve mostly tracks how spread the losses are.
        - Lemma 1's premise ‖W‖<sub>2</sub> ≤ hM fails for 1 of 2 networks (h = 64, L = 5): the input layer is h × n with n = 784 > h, and its spectral norm can reach √(hn)·M.
        - Dead networks (every per-object loss equal to ln K, curve exactly 0, drawn only in the legend): h = 4, L = 5.
        """)
    }

    func testSummaryGolden() throws {
        let content = ReportContent(results: try fixture(), provenance: nil)
        XCTAssertEqual(content.summary(), """
        - Trained 3 networks (FashionMNIST) on 1,000 objects each: 2 trained, 1 dead (every ReLU off), 0 diverged.
        - Missing, so not run: MNIST (see the boxes under Setup).
        - At the largest k the smoothed |ℒ<sub>k+1</sub> − ℒ<sub>k</sub>| lies between 3.00×10⁻⁵ and 6.00×10⁻⁵ (the paper's MNIST figures: about 3×10⁻⁵ to 8×10⁻⁵).
        - Every measured curve stays under Lemma 2's bound at θ̂ at every sampled k.
        - Theorem 1's bound on ‖H<sub>i</sub>‖<sub>2</sub> ranges from 1.00×10¹² to 1.00×10¹³ over the trained networks.
        """)
    }

    func testConstantsTableRowGolden() throws {
        let table = ReportContent(results: try fixture(), provenance: nil).constantsTable(Variant(dataset: .fashionMNIST))
        XCTAssertEqual(table.rows[1], ["16", "5", "trained", "0.800", "0.550", "2.50", "0.750", "4.00", "1.00×10¹³", "1.00×10²⁰", "yes", "6.00×10⁻⁵", "8.00×10⁻³", "2.00×10⁸"])
        XCTAssertEqual(table.rows[2][10], "no")
    }

    func testRenderedReportIsSelfContainedAndEscapesUserText() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.copyItem(at: Self.here.appendingPathComponent("Fixtures/results.json"), to: dir.file("results.json"))
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
        for ref in references {
            XCTAssertFalse(ref.hasPrefix("http") || ref.hasPrefix("//"), "external reference \(ref)")
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.file(ref).path), "\(ref) does not exist")
        }
        XCTAssertTrue(references.contains("figures/fashion-mnist-width.png"))
        XCTAssertTrue(html.contains("h = 4, L = 5") || markdown.contains("h = 4, L = 5"))
    }
}
