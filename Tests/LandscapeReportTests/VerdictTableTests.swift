import Foundation
import LandscapeFindings
import LandscapeReport
import XCTest

/// The first screen's verdict table and the contents, on findings and Markdown built by hand:
/// rows by class then first appearance, one cell per variant (a run-wide claim spans them), each
/// cell the finding's label linking to its anchor, every string escaped.
final class VerdictTableTests: XCTestCase {
    func finding(_ id: String, _ kind: Finding.Kind, _ verdict: Finding.Verdict) -> Finding {
        Finding(id: id, kind: kind, claim: "c", verdict: verdict, evidence: "e")
    }

    func testRowsCellsAndLinks() {
        let findings = [
            finding("a/theorem-1-stated-gauss-newton", .mathematical, .supported),
            finding("a/width-trend", .empirical, .contradicted),
            finding("b/width-trend", .empirical, .inconclusive),
            finding("run/growing-rate-trace", .empirical, .supported),
            finding("b/trace-identity", .construction, .supported),
        ]
        let table = VerdictTable(findings: findings, variants: [("a", "A <b>"), ("b", "B")])
        XCTAssertEqual(
            table.rows.map(\.claim),
            ["width-trend", "growing-rate-trace", "theorem-1-stated-gauss-newton", "trace-identity"])
        XCTAssertEqual(table.rows.map(\.kind), [.empirical, .empirical, .mathematical, .construction])
        XCTAssertEqual(table.rows[0].cells.map { $0?.verdict }, [.contradicted, .inconclusive])
        XCTAssertEqual(table.rows[3].cells.map { $0?.id }, [nil, "b/trace-identity"], "no finding: an empty cell")
        XCTAssertTrue(table.rows[1].runWide)
        let html = table.markdown
        XCTAssertTrue(html.contains("<th>A &lt;b&gt;</th>"), "names are escaped")
        XCTAssertTrue(html.contains("colspan=\"2\"><a href=\"#finding-growing-rate-trace\">Supported</a>"))
        XCTAssertTrue(html.contains("class=\"empirical-contradicted\"><a href=\"#finding-width-trend\">"))
        XCTAssertTrue(html.contains("<a href=\"#finding-theorem-1-stated-gauss-newton\">Holds</a>"))
        XCTAssertTrue(html.contains("<td class=\"none\">—</td>"))
        // One heading row per class, in the rows' order, spanning the claim and variant columns.
        let groups = ["empirical", "mathematical", "by construction"].map {
            html.components(separatedBy: "<th colspan=\"3\" scope=\"rowgroup\">\($0)</th>").count - 1
        }
        XCTAssertEqual(groups, [1, 1, 1], html)
        XCTAssertLessThan(
            html.range(of: ">mathematical<")!.lowerBound, html.range(of: "theorem-1-stated-gauss-newton")!.lowerBound)
        XCTAssertFalse(html.contains("\n\n"), "one HTML block")
        // The bullet carries the id the cell links to.
        XCTAssertTrue(findings[1].markdown.hasPrefix("- <a id=\"finding-width-trend\"></a>**Contradicted**"))
        // On the main page each cell links into its scope's page, names escaped into the URL.
        let paged = VerdictTable(
            findings: findings, variants: [("a", "A"), ("b", "B")],
            page: { $0 == "run" ? "findings.html" : "v-\($0)&.html" }
        ).markdown
        XCTAssertTrue(paged.contains("<a href=\"v-a&amp;.html#finding-width-trend\">Contradicted</a>"), paged)
        XCTAssertTrue(paged.contains("<a href=\"findings.html#finding-growing-rate-trace\">Supported</a>"), paged)
        XCTAssertEqual(finding("x<y>/a b<c>", .empirical, .supported).anchor, "finding-a-b-c-")
    }

    func testTitlesSpellThePapersNames() {
        XCTAssertEqual(VerdictTable.title("theorem-1-stated-gauss-newton"), "Theorem 1 stated Gauss–Newton")
        XCTAssertEqual(VerdictTable.title("depth-trend-held-out"), "Depth trend held-out")
        XCTAssertEqual(VerdictTable.title("growing-rate-gap-part"), "Growing-sample rate: gap part")
        XCTAssertEqual(VerdictTable.title("assumption-one"), "Assumption 1")
        XCTAssertEqual(VerdictTable.title("delta2-rate"), "Δ₂ rate")
        XCTAssertEqual(VerdictTable.title("hm-explanation"), "hM explanation")
    }

    func testContentsAnchorEveryLevelTwoHeadingOnce() {
        let markdown = [
            "# Title", "", "<!-- contents -->", "", "## Summary", "text", "```", "## not a heading", "```",
            "## Appendix A.1: every dataset", "### MNIST", "## Summary",
        ].joined(separator: "\n")
        let out = TableOfContents.insert(into: markdown).components(separatedBy: "\n")
        XCTAssertEqual(
            out[2],
            "[Summary](#summary) · [Appendix A.1: every dataset](#appendix-a-1-every-dataset) · [Summary](#summary-2)")
        XCTAssertTrue(out.contains("## <a id=\"summary\"></a>Summary"))
        XCTAssertTrue(out.contains("## <a id=\"summary-2\"></a>Summary"), "a repeated heading gets its own id")
        XCTAssertTrue(out.contains("## not a heading"), "fenced code is left alone")
        XCTAssertTrue(out.contains("### MNIST"))
        XCTAssertEqual(TableOfContents.slug("&&&"), "section")
    }
}

/// CSV as RFC 4180 writes it, and never a formula a spreadsheet would run.
final class TableCSVTests: XCTestCase {
    func testFieldsAreQuotedAndFormulasDisarmed() {
        var t = HTMLTable(header: ["name", "x"])
        t.rows = [["a,b", "-1.5"], ["say \"hi\"", "2"], ["=HYPERLINK(1)", "-x"], ["line\nbreak", "@sum"]]
        XCTAssertEqual(
            t.csv, "name,x\n\"a,b\",-1.5\n\"say \"\"hi\"\"\",2\n'=HYPERLINK(1),'-x\n\"line\nbreak\",'@sum\n")
    }
}
