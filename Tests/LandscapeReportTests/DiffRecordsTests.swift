import Foundation
import LandscapeExperiment
import LandscapeReport
import XCTest

/// `diff` compares every number of the records, not only the headline metrics: a Hessian and a
/// criterion number changed in a fixture are each reported, and judged against the seed noise
/// only where there is some (Fixtures/records.json: two trained seeds of one architecture, the
/// Hessian and the criteria measured on the first).
final class DiffRecordsTests: XCTestCase {
    static let fixture = ReportTests.here.appendingPathComponent("Fixtures/records.json")

    /// The fixture with numbers replaced in its text (a JSON round trip would reprint every
    /// number): each value is the first occurrence after its anchors, found in turn.
    func results(_ replacements: [(anchors: [String], old: Double, new: Double)] = []) throws -> Results {
        var text = try String(contentsOf: Self.fixture, encoding: .utf8)
        for r in replacements {
            var from = text.startIndex
            for anchor in r.anchors {
                from = try XCTUnwrap(text.range(of: anchor, range: from..<text.endIndex), anchor).upperBound
            }
            let at = try XCTUnwrap(text.range(of: "\(r.old)", range: from..<text.endIndex), "\(r.old)")
            text.replaceSubrange(at, with: "\(r.new)")
        }
        return try RunStore.decodeResults(Data(text.utf8), file: "records.json")
    }

    func source(_ r: Results, _ label: String) -> ResultsSource {
        ResultsSource(label: label, results: r, provenance: nil)
    }

    func testAHessianAndACriterionNumberAreEachReported() throws {
        let old = try results()
        XCTAssertEqual(old.configurations.filter(\.isTrained).count, 2, "the fixture's seeds must have trained")
        let s0 = try XCTUnwrap(old.configurations.first { $0.id == "fashion-mnist-h16-N1-s0" })
        let (hessian, criterion) = (
            try XCTUnwrap(s0.hessian?.gaussNewton.max), try XCTUnwrap(s0.criteria?.largestHessian)
        )
        // Configurations are stored in canonical order: the first `"hessian" : {` and `"criteria" : {` are s0's.
        XCTAssertEqual(old.configurations[0].id, s0.id)
        let new = try results([
            (["\"criteria\" : {", "\"largestHessian\" : "], criterion, criterion * 0.99),
            (["\"hessian\" : {", "\"gaussNewton\" : {", "\"max\" : "], hessian, hessian * 1.01),
        ])
        let diff = ResultsDiff(source(old, "old"), source(new, "new"))
        let changed = diff.rows.filter { $0.gated && $0.changed }
        XCTAssertEqual(changed.map(\.metric), ["criteria.largestHessian", "hessian.gaussNewton.max"])
        XCTAssertEqual(changed.map(\.configuration), ["fashion-mnist-h16-N1-s0", "fashion-mnist-h16-N1-s0"])
        XCTAssertEqual(changed[1].relative!, 0.01, accuracy: 1e-12)
        // Measured on one seed only: no seed noise to hide behind, so the change gates.
        XCTAssertFalse(diff.seedRows.contains { $0.metric.hasPrefix("hessian") || $0.metric.hasPrefix("criteria") })
        XCTAssertEqual(diff.exitStatus(rtol: 0, atol: 0), 1)
        XCTAssertEqual(diff.exitStatus(rtol: 0.02, atol: 0), 0, "within the tolerance")
        XCTAssertTrue(diff.markdown(all: false).contains("| fashion-mnist-h16-N1-s0 | hessian.gaussNewton.max |"))
        XCTAssertTrue(diff.text(all: false).contains("2 more numbers of the records changed"))
    }

    func testARecordNumberOfEverySeedIsJudgedAgainstTheSeedNoise() throws {
        let old = try results()
        // curve.mean[5] moves by 0.1 % on both seeds; the seeds differ by about a factor of 2 there.
        let new = try results(
            old.configurations.enumerated().map { i, c in
                (
                    Array(repeating: "\"curve\" : {", count: i + 1) + ["\"mean\" : ["], c.curve.mean[5],
                    c.curve.mean[5] * 1.001
                )
            })
        let diff = ResultsDiff(source(old, "old"), source(new, "new"))
        XCTAssertEqual(Set(diff.rows.filter { $0.gated && $0.changed }.map(\.metric)), ["curve.mean[5]"])
        let row = try XCTUnwrap(diff.seedRows.first { $0.metric == "curve.mean[5]" })
        XCTAssertTrue(row.withinNoise)
        XCTAssertEqual(diff.exitStatus(rtol: 0, atol: 0), 0, "within seed noise")
        XCTAssertEqual(diff.exitStatus(rtol: 0, atol: 0, exact: true), 1, "judged alone")
    }

    func testSelfDiffComparesEveryNumberAndFindsNone() throws {
        let a = try results()
        let diff = ResultsDiff(source(a, "a"), source(a, "b"))
        XCTAssertTrue(diff.isEmpty)
        XCTAssertEqual(diff.rows.filter { !ResultsDiff.Format.allCases.isEmpty && $0.changed && $0.gated }.count, 0)
        // The walk reaches the measurements beyond the headline: the Hessian, the criteria, the slice.
        let paths = Set(ResultsDiff.numberPaths(a.configurations[0]))
        for prefix in ["hessian.gaussNewton.max", "criteria.largestHessian", "slice.losses[0][0]", "curve.ema[0]"] {
            XCTAssertTrue(paths.contains(prefix), prefix)
        }
    }
}
