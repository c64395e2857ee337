import Foundation
import LandscapeExperiment
import LandscapeFindings
import LandscapeReport
import TestSupport
import XCTest

/// Findings are data: findings.json beside results.json, verdicts tested as values, `diff` says
/// first when a verdict flipped and exits 1; the prose they carry is checked by snapshot.
final class FindingsDataTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    static let snapshot = ReportTests.here.appendingPathComponent("Fixtures/records-findings.md")

    func fixture() throws -> Results { try RunStore.readResults(DiffRecordsTests.fixture) }

    /// A run folder holding the fixture's results and these findings.
    func folder(_ name: String, _ findings: [Finding]) throws -> URL {
        let url = dir.file(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: DiffRecordsTests.fixture, to: url.appendingPathComponent("results.json"))
        try RunStore.encoder.encode(FindingsFile(findings: findings)).write(
            to: url.appendingPathComponent(FindingsFile.fileName))
        return url
    }

    func testIdsAreUniqueAndEveryFindingHasAKind() throws {
        let findings = Findings(results: try fixture()).all()
        XCTAssertEqual(Set(findings.map(\.id)).count, findings.count, "ids are unique")
        XCTAssertTrue(findings.contains { $0.id == "fashion-mnist/width-trend" && $0.kind == .empirical })
        XCTAssertTrue(
            findings.contains { $0.id == "fashion-mnist/theorem-1-corrected-gauss-newton" && $0.kind == .mathematical })
        XCTAssertTrue(findings.contains { $0.id == "run/delta1-rate" && $0.kind == .construction })
        // A bound's statistic is its failure count out of the points checked.
        let corrected = try XCTUnwrap(findings.first { $0.id == "fashion-mnist/theorem-1-corrected-gauss-newton" })
        XCTAssertEqual(corrected.verdict, .supported)
        XCTAssertEqual(corrected.statistic?.value, 0)
        XCTAssertGreaterThan(corrected.statistic?.of ?? 0, 0)
    }

    /// Only an empirical finding reads "supported"; only empirical verdicts and failures are bold;
    /// the Δ₂ rate check counts one interval per network, not one per (network, σ).
    func testVerdictsAreNamedByTheirClass() throws {
        for kind in Finding.Kind.allCases {
            for verdict in Finding.Verdict.allCases {
                let f = Finding(id: "x/y", kind: kind, claim: "c", verdict: verdict, evidence: "e")
                XCTAssertEqual(f.label.lowercased() == "supported", kind == .empirical && verdict == .supported)
                // The bullet opens with its anchor (the verdict table links to it), then the verdict.
                let opening = "- <a id=\"\(f.anchor)\"></a>"
                XCTAssertTrue(f.markdown.hasPrefix(opening), f.markdown)
                XCTAssertEqual(
                    f.markdown.dropFirst(opening.count).hasPrefix("**"), kind == .empirical || verdict == .contradicted,
                    f.markdown)
            }
        }
        let results = try fixture()
        let rate = try XCTUnwrap(Findings(results: results).all().first { $0.id == "run/delta2-rate" })
        XCTAssertEqual(rate.kind, .construction)
        XCTAssertEqual(
            rate.statistic?.of, results.configurations.filter { !($0.criteria?.gaussian.isEmpty ?? true) }.count)
    }

    func testAFlippedVerdictIsAChangeListedFirst() throws {
        let findings = Findings(results: try fixture()).all()
        let i = try XCTUnwrap(findings.firstIndex { $0.id == "fashion-mnist/theorem-1-corrected-gauss-newton" })
        var flipped = findings
        let f = findings[i]
        flipped[i] = Finding(
            id: f.id, kind: f.kind, claim: f.claim, verdict: .contradicted, statistic: f.statistic, evidence: f.evidence
        )
        let (old, new) = (try folder("old", findings), try folder("new", flipped))
        let same = try runLandscape(["diff", old.path, old.path], in: dir.url)
        XCTAssertEqual(same.status, 0, same.stdout + same.stderr)
        for format in ["text", "md", "json"] {
            let outcome = try runLandscape(["diff", old.path, new.path, "--format", format], in: dir.url)
            XCTAssertEqual(outcome.status, 1, "\(format): " + outcome.stdout + outcome.stderr)
            let lines = outcome.stdout.split(separator: "\n").map(String.init)
            switch format {
            case "text":
                XCTAssertEqual(lines[1], "verdict \(f.id): supported → contradicted (mathematical: \(f.claim))")
            case "md":
                XCTAssertEqual(lines.first { $0.hasPrefix("### ") }, "### Verdicts that changed (1)")
            default:
                let json = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
                let changes = try XCTUnwrap(json?["verdictChanges"] as? [[String: Any]])
                XCTAssertEqual(changes.map { $0["id"] as? String }, [f.id])
                XCTAssertEqual(changes.first?["new"] as? String, "contradicted")
            }
        }
        // Without findings.json (a report of an older commit) the findings are computed: no change.
        try FileManager.default.removeItem(at: new.appendingPathComponent(FindingsFile.fileName))
        XCTAssertEqual(try runLandscape(["diff", old.path, new.path], in: dir.url).status, 0)
    }

    func testAFindingsFileOfAnyoneIsCheckedWhereItIsRead() throws {
        let url = try folder("bad", [])
        try Data("{\"schemaVersion\": 1, \"tool\": \"landscape\", \"findings\": [{\"id\": 3}]}".utf8)
            .write(to: url.appendingPathComponent(FindingsFile.fileName))
        let outcome = try runLandscape(["diff", url.path, url.path], in: dir.url)
        XCTAssertEqual(outcome.status, 2)
        XCTAssertEqual(outcome.errorLines.count, 1, outcome.stderr)
        XCTAssertTrue(
            outcome.errorLines[0].contains("findings.json: not a findings file this version reads"), outcome.stderr)
    }

    /// The findings' prose, per verdict, against a snapshot: rewording a sentence updates the
    /// snapshot (LANDSCAPE_UPDATE_SNAPSHOTS=1), never a verdict test.
    func testTheProseMatchesItsSnapshot() throws {
        let prose =
            Findings(results: try fixture()).all().map { "\($0.id) [\($0.kind.rawValue)]\n\($0.markdown)" }.joined(
                separator: "\n\n") + "\n"
        if ProcessInfo.processInfo.environment["LANDSCAPE_UPDATE_SNAPSHOTS"] == "1" {
            try prose.write(to: Self.snapshot, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: Self.snapshot, encoding: .utf8)
        XCTAssertEqual(
            prose, expected, "the findings' prose changed: review it, then run with LANDSCAPE_UPDATE_SNAPSHOTS=1")
    }

    /// The records a report draws from are checked where a results file is read: a Lemma 2 study
    /// whose arrays differ in length, or a σ listed twice, is one line naming the configuration.
    func testMisalignedRecordsAreRefusedWhereTheyAreRead() throws {
        func refused(_ edit: (inout [String: Any]) -> Void) throws -> String {
            var root = try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(contentsOf: DiffRecordsTests.fixture)) as? [String: Any])
            var configurations = try XCTUnwrap(root["configurations"] as? [[String: Any]])
            edit(&configurations[0])
            root["configurations"] = configurations
            let data = try JSONSerialization.data(withJSONObject: root)
            do {
                _ = try RunStore.decodeResults(data, file: "records.json")
                return ""
            } catch { return "\(error)" }
        }
        let studies = try refused { c in
            var h = c["hessian"] as! [String: Any], away = h["lemmaTwoAway"] as! [[String: Any]]
            away[0]["firstOrder"] = (away[0]["firstOrder"] as! [Any]).dropLast() as [Any]
            h["lemmaTwoAway"] = away
            c["hessian"] = h
        }
        XCTAssertEqual(
            studies,
            "records.json: configuration fashion-mnist-h16-N1-s0: hessian.lemmaTwoAway[0]: arrays differ in length or are empty"
        )
        let sigmas = try refused { c in
            var m = c["criteria"] as! [String: Any], g = m["gaussian"] as! [[String: Any]]
            g[1]["sigma"] = g[0]["sigma"]
            m["gaussian"] = g
            c["criteria"] = m
        }
        XCTAssertEqual(
            sigmas,
            "records.json: configuration fashion-mnist-h16-N1-s0: criteria.records.gaussian.runs lists a σ twice")
        // Schema 7's records: a distance curve whose arrays differ, a neighbourhood whose table does not
        // match its radii and directions.
        let distance = try refused { c in
            c["distance"] = [
                "k": [1, 2], "meanAbsolute": [0.1], "rootMeanSquare": [0.1, 0.05], "variance": 0.01,
                "objects": 10, "permutations": 4,
            ]
        }
        XCTAssertEqual(
            distance,
            "records.json: configuration fashion-mnist-h16-N1-s0: distance: arrays differ in length or are empty")
        let neighbourhood = try refused { c in
            c["neighbourhood"] = ["radii": [0.05, 0.2], "directions": 2, "variances": [[0.1, 0.2]], "centre": 0.1]
        }
        XCTAssertEqual(
            neighbourhood,
            "records.json: configuration fashion-mnist-h16-N1-s0: neighbourhood: variances do not match its radii and directions"
        )
        // Schema 10's surface: an even side (no grid point at θ̂), and side² losses it does not have.
        let surfaceMessage =
            "records.json: configuration fashion-mnist-h16-N1-s0: surface: an odd grid side in 3…101, ascending sample sizes, and side² losses per size"
        let even = try refused { c in
            c["surface"] = [
                "coordinates": [-1, 0, 0.5, 1], "sampleSizes": [10], "losses": [Array(repeating: 1.0, count: 16)],
            ]
        }
        XCTAssertEqual(even, surfaceMessage)
        let short = try refused { c in
            c["surface"] = [
                "coordinates": [-1, 0, 1], "sampleSizes": [10, 20], "losses": [Array(repeating: 1.0, count: 9), [1.0]],
            ]
        }
        XCTAssertEqual(short, surfaceMessage)
        let fine = try refused { c in
            c["surface"] = [
                "coordinates": [-1, 0, 1], "sampleSizes": [10], "losses": [Array(repeating: 1.0, count: 9)],
            ]
        }
        XCTAssertEqual(fine, "", "a well-formed surface is read")
        XCTAssertEqual(try refused { _ in }, "", "the fixture itself is valid")
    }
}
