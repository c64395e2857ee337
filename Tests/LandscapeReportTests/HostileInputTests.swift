import Foundation
import LandscapeCore
import LandscapeData
import LandscapeExperiment
import LandscapeReport
import TestSupport
import XCTest

/// Untrusted input end to end (docs/security.md): hostile strings through every output, names
/// that would be paths, folders this tool does not own, files made under another spec.
final class HostileInputTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    /// Strings a hostile spec, data file or folder name can carry.
    static let hostile = [
        "<img src=x onerror=alert(1)>", "[x](javascript:alert(2))", "a|b", "\"><svg onload=alert(3)>", "`code` *em*",
    ]

    /// A declared-data run whose labels, class folders, description and run name are hostile.
    func hostileRun(into folder: URL) throws -> Results {
        var rng = SeededGenerator(seed: 9)
        let rows = (0..<90).map { i -> String in
            let c = i % 3
            return (0..<4).map { j in String(format: "%.3f", Double(j == c ? 3 : 0) + rng.nextGaussian()) }.joined(
                separator: ",") + "," + Self.hostile[c]
        }
        try rows.joined(separator: "\n").write(to: dir.file("table.csv"), atomically: true, encoding: .utf8)
        try ImageFixtures.writeShapes(to: dir.file("shapes"), perClass: 6, side: 12)
        for (old, new) in [
            ("circle", "<img src=x onerror=alert(4)>"),
            ("square", "x\n\n<svg onload=alert(5)>\n\n[y](javascript:alert(6))"),
        ] {
            try FileManager.default.moveItem(at: dir.file("shapes/\(old)"), to: dir.file("shapes/\(new)"))
        }
        let spec = """
            name: "<img src=x onerror=alert(7)>"
            datasets:
              - name: table
                path: table.csv
                description: "line\\n\\n<script>alert(8)</script>\\n\\n[z](javascript:alert(9))"
                heldOut: 0.3
              - name: shapes
                path: shapes
                format: images
                side: 8
                description: "| a | b |\\n\\n<img src=x onerror=alert(10)>"
            widths: [4]
            depths: [1]
            objects: 1000
            epochs: 1
            permutations: 3
            seeds: [0]
            encoders: []
            draws: 4
            growingSizes: [20, 40]
            """
        try spec.write(to: dir.file("spec.yaml"), atomically: true, encoding: .utf8)
        var runner = GridRunner(
            spec: try ExperimentSpec.load(dir.file("spec.yaml")), folder: folder,
            catalog: DatasetCatalog(environment: ["HOME": dir.url.path]))
        runner.quiet = true
        runner.log = { _ in }
        let results = try runner.run()
        _ = try ReportRenderer(templates: ReportTests.templates).render(folder: folder)
        return results
    }

    func testHostileStringsNeverGoLiveInAnyOutput() throws {
        // The checker itself finds what it looks for.
        try "<p><img src=x onerror=alert(1)><a href=' java\tscript:x'>a</a><script>1</script></p>".write(
            to: dir.file("bad.html"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try liveScript(inHTML: dir.file("bad.html")).count, 3)
        let report = dir.file("reports/javascript:alert(11)")
        let results = try hostileRun(into: report)
        XCTAssertEqual(try liveScript(inHTML: report.appendingPathComponent("index.html")), [], "the report page")
        // The growing sample's section names the hostile dataset too (its held-out split is declared).
        XCTAssertTrue(results.configurations.contains { $0.growingSample != nil }, "the growing section is drawn")
        XCTAssertTrue(
            try String(contentsOf: report.appendingPathComponent("index.html"), encoding: .utf8).contains(
                "&lt;img src=x onerror=alert(1)&gt;"),
            "the label is shown, as text")

        // The site (whose link to the report must not become a javascript: URL) and a diff page.
        let site = try SitePublisher(
            reports: dir.file("reports"), site: dir.file("site"), templates: ReportTests.templates
        ).publish()
        XCTAssertEqual(try liveScript(inHTML: site), [], "the site's index")
        XCTAssertEqual(
            try liveScript(inHTML: dir.file("site/javascript:alert(11)/index.html")), [], "the published report")
        let a = ResultsSource(label: report.path + "<img src=x onerror=alert(12)>", results: results, provenance: nil)
        let page = try DiffPage(old: a, new: a).write(to: dir.file("diff"), templates: ReportTests.templates, all: true)
        XCTAssertEqual(try liveScript(inHTML: page), [], "the diff page")

        // The pull-request comment: no raw tag, and every table row has as many cells as its header.
        let diff = ResultsDiff(a, a)
        let md = diff.markdown(all: true)
        for tag in ["<img", "<svg", "<script"] { XCTAssertFalse(md.contains(tag), "md diff holds a raw \(tag)") }
        let pipes = { (line: Substring) in zip(line, line.dropFirst()).filter { $1 == "|" && $0 != "\\" }.count }
        var header: Int?
        for line in md.split(separator: "\n") where line.hasPrefix("| ") {
            if line.hasPrefix("| ---") { continue }
            header = header ?? pipes(line)
            XCTAssertEqual(pipes(line), header, "a cell broke its table: \(line)")
        }
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(try diff.json(all: true).utf8)))
        // The same run on both sides is no difference, declared datasets included (canonical comparison).
        XCTAssertEqual(diff.exitStatus(rtol: 0, atol: 0), 0)
        XCTAssertTrue(diff.specChanges.isEmpty, "\(diff.specChanges)")
    }

    /// A dataset name becomes file names: every place one is decoded refuses a path.
    func testNamesThatWouldBePathsAreRefusedWhereverDecoded() throws {
        let results = try String(contentsOf: FuzzFixture.smallRun, encoding: .utf8)
        for name in ["../../X", "a/b", "..", ".hidden", "<img>", ""] {
            let hostile = results.replacingOccurrences(of: "\"fashion-mnist\"", with: "\"\(name)\"")
            XCTAssertThrowsError(try RunStore.decodeResults(Data(hostile.utf8), file: "results.json"), name) { error in
                XCTAssertTrue("\(error)".contains("dataset name"), "\(error)")
            }
        }
        var spec = try String(contentsOf: FuzzFixture.paperSpec, encoding: .utf8)
        spec = spec.replacingOccurrences(of: "\"mnist\"", with: "\"../../mnist\"")
        try spec.write(to: dir.file("spec.json"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ExperimentSpec.load(dir.file("spec.json"))) {
            XCTAssertTrue("\($0)".contains("dataset name"), "\($0)")
        }
        try "datasets:\n  - name: ../up\n    path: x.csv\n".write(
            to: dir.file("s.yaml"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ExperimentSpec.load(dir.file("s.yaml"))) {
            XCTAssertTrue("\($0)".contains("dataset name"), "\($0)")
        }
    }

    func testPublishRefusesOverlappingFoldersAndFoldersItDidNotWrite() throws {
        try FileManager.default.createDirectory(at: dir.file("reports/r"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: FuzzFixture.smallRun, to: dir.file("reports/r/results.json"))
        for site in ["reports", "reports/site", "."] {
            XCTAssertThrowsError(
                try SitePublisher(reports: dir.file("reports"), site: dir.file(site), templates: ReportTests.templates)
                    .publish(), site
            ) {
                XCTAssertTrue("\($0)".contains("overlap"), "\($0)")
            }
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.file("reports/r/results.json").path))
        try FileManager.default.createDirectory(at: dir.file("site/r"), withIntermediateDirectories: true)
        try "mine".write(to: dir.file("site/r/notes.txt"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(
            try SitePublisher(reports: dir.file("reports"), site: dir.file("site"), templates: ReportTests.templates)
                .publish()
        ) {
            XCTAssertTrue("\($0)".contains("not published by landscape"), "\($0)")
        }
        XCTAssertEqual(try String(contentsOf: dir.file("site/r/notes.txt"), encoding: .utf8), "mine")
    }

    /// Render is total on the numbers a results.json of any commit can hold (run as a process,
    /// so that a trap fails the test instead of ending the suite).
    func testRenderIsTotalOnExtremeNumbers() throws {
        for fixture in [FuzzFixture.smallRun, FuzzFixture.spectrumRun] {
            try renderIsTotalOnExtremeNumbers(fixture)
        }
    }

    func renderIsTotalOnExtremeNumbers(_ fixture: URL) throws {
        let original = try JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as! [String: Any]
        for (label, value) in [
            ("NaN", "NaN" as Any), ("zero", 0.0), ("negative", -1.0), ("huge", 1e308), ("subnormal", 5e-324),
            ("infinite", "Infinity"),
        ] {
            func replace(_ x: Any) -> Any {
                if let d = x as? [String: Any] { return d.mapValues(replace) }
                if let a = x as? [Any] { return a.map(replace) }
                if let n = x as? NSNumber, ["d", "f"].contains(String(cString: n.objCType)) { return value }
                return x
            }
            var json = original
            json["configurations"] = replace(original["configurations"]!)
            let folder = dir.file("\(fixture.lastPathComponent)-\(label)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try JSONSerialization.data(withJSONObject: json).write(to: folder.appendingPathComponent("results.json"))
            let outcome = try runLandscape(
                ["render", folder.path, "--templates", ReportTests.templates.path], in: dir.url)
            XCTAssertFalse(outcome.signalled, "\(label): render trapped: \(outcome.stderr.suffix(400))")
            XCTAssertTrue(
                outcome.status == 0 || outcome.errorLines.count == 1, "\(label): \(outcome.stderr.suffix(400))")
        }
    }
}

/// Small committed inputs the tests share with the fuzz corpus.
enum FuzzFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let smallRun = root.appendingPathComponent("Fuzz/corpus/render/small-run")
    /// Schema 8, one network with every part of the spectrum criterion (a tiny SLQ).
    static let spectrumRun = root.appendingPathComponent("Fuzz/corpus/render/spectrum-run")
    static let paperSpec = root.appendingPathComponent("reports/paper/spec.json")
}
