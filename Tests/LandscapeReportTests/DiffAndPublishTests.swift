import Foundation
import LandscapeExperiment
import LandscapeReport
import TestSupport
import XCTest

final class DiffAndPublishTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    var fixtureText: String {
        get throws {
            try String(contentsOf: ReportTests.here.appendingPathComponent("Fixtures/results.json"), encoding: .utf8)
        }
    }

    /// The fixture with two hand-made changes: h = 16's final EMA 6.0e-5 → 6.6e-5 (+10 %), epochs 2 → 3.
    func changedFixture() throws -> String {
        var text = try fixtureText
        text = text.replacingOccurrences(of: "\"finalEMA\": 6e-05", with: "\"finalEMA\": 6.6e-05")
        text = text.replacingOccurrences(of: "\"epochs\": 2,", with: "\"epochs\": 3,")
        XCTAssertNotEqual(text, try fixtureText, "the fixture's text changed; update the replacements")
        return text
    }

    func source(_ text: String, _ label: String) throws -> ResultsSource {
        ResultsSource(label: label, results: try RunStore.decodeResults(Data(text.utf8), file: label), provenance: nil)
    }

    func testKnownDifferencesAndExitCodes() throws {
        let diff = ResultsDiff(try source(try fixtureText, "old"), try source(try changedFixture(), "new"))
        XCTAssertEqual(diff.specChanges, [.init(field: "training.epochs", old: "2", new: "3")])
        XCTAssertEqual(diff.onlyInA, [])
        let changed = diff.rows.filter { $0.gated && $0.changed }
        // schema 3 read as 4: the seed joins the id
        XCTAssertEqual(changed.map(\.configuration), ["fashion-mnist-h16-N5-s0"])
        XCTAssertEqual(changed.map(\.metric), ["final |ΔL| EMA"])
        XCTAssertEqual(changed[0].relative!, 0.1, accuracy: 1e-12)
        XCTAssertEqual(diff.violations(rtol: 0.2, atol: 0).count, 0)
        XCTAssertEqual(diff.violations(rtol: 0.05, atol: 0).count, 1)
        XCTAssertEqual(diff.violations(rtol: 0, atol: 1e-5).count, 0) // |Δ| = 6e-6
        XCTAssertEqual(diff.exitStatus(rtol: 0.2, atol: 0), 1) // the spec changed
        let markdown = diff.markdown(all: false)
        XCTAssertTrue(markdown.contains("| training.epochs | 2 | 3 |"), markdown)
        XCTAssertTrue(
            markdown.contains("| fashion-mnist-h16-N5-s0 | final \\|ΔL\\| EMA | 6e-05 | 6.6e-05 | +6e-06 | +10.000% |"),
            markdown)
        XCTAssertTrue(
            markdown.contains("(1 of 36 headline numbers changed; every other number of the records is identical)"),
            markdown)
        // A pull-request comment ends with the marker a CI job replaces its last comment by.
        XCTAssertEqual(markdown.split(separator: "\n").last.map(String.init), ResultsDiff.commentMarker)
        XCTAssertFalse(diff.markdown(all: false, htmlTables: true).contains(ResultsDiff.commentMarker))
        // --precision: significant digits of every printed number (6.6e-05 to one digit is 7e-05).
        var coarse = diff
        coarse.precision = 1
        XCTAssertTrue(
            coarse.markdown(all: false).contains("| final \\|ΔL\\| EMA | 6e-05 | 7e-05 | +6e-06 | +10.000% |"),
            coarse.markdown(all: false))
    }

    func testThresholdsDecideTheExitStatus() throws {
        let sameSpec = try changedFixture().replacingOccurrences(of: "\"epochs\": 3,", with: "\"epochs\": 2,")
        let diff = ResultsDiff(try source(try fixtureText, "old"), try source(sameSpec, "new"))
        XCTAssertEqual(diff.exitStatus(rtol: 0.2, atol: 0), 0)
        XCTAssertEqual(diff.exitStatus(rtol: 0.05, atol: 0), 1)
    }

    func testSelfDiffIsEmpty() throws {
        let a = try source(try fixtureText, "a")
        let diff = ResultsDiff(a, a)
        XCTAssertTrue(diff.isEmpty)
        XCTAssertEqual(diff.exitStatus(rtol: 0, atol: 0), 0)
        XCTAssertTrue(diff.text(all: false).contains("no differences"))
    }

    func git(_ args: String..., in repo: URL) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"] + args
        p.currentDirectoryURL = repo
        p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
        try p.run(); p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "git \(args)")
    }

    /// A repository whose reports/alpha changes between two commits, plus reports/beta.
    func makeRepository() throws -> URL {
        let repo = dir.file("repo")
        for name in ["alpha", "beta"] {
            try FileManager.default.createDirectory(
                at: repo.appendingPathComponent("reports/\(name)"), withIntermediateDirectories: true)
            try fixtureText.write(
                to: repo.appendingPathComponent("reports/\(name)/results.json"), atomically: true, encoding: .utf8)
        }
        try git("init", "-q", in: repo)
        try git("add", ".", in: repo)
        try git("commit", "-qm", "first", in: repo)
        try changedFixture().write(
            to: repo.appendingPathComponent("reports/alpha/results.json"), atomically: true, encoding: .utf8)
        try git("commit", "-qam", "second", in: repo)
        return repo
    }

    /// The published site in a real browser (headless Chromium through scripts/browser_check.py):
    /// a report page, its diff page and the site's index each load with every image decoded, no
    /// console error, every in-page anchor resolving and no sideways scroll at 1280 px; the report
    /// shows its verdict table. Screenshots at 1280 px go to .build/test-artifacts/browser.
    func testTheSiteReadsInARealBrowser() throws {
        let repo = try makeRepository()
        let site = dir.file("site")
        try SitePublisher(reports: repo.appendingPathComponent("reports"), site: site, templates: ReportTests.templates)
            .publish()
        let diff = try XCTUnwrap(dir.listing().first { $0.hasPrefix("site/alpha/diffs/") && $0.hasSuffix(".html") })
        let variant = try XCTUnwrap(
            dir.listing().first { $0.hasPrefix("site/alpha/variant-") && $0.hasSuffix(".html") })
        let pages = [
            dir.file("site/index.html"), dir.file("site/alpha/index.html"), dir.file(variant),
            dir.file("site/alpha/findings.html"), dir.file("site/alpha/history/index.html"), dir.file(diff),
        ]
        let root = ReportTests.here.deletingLastPathComponent().deletingLastPathComponent()
        let artifacts = root.appendingPathComponent(".build/test-artifacts/browser")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments =
            [
                root.appendingPathComponent("scripts/browser_check.py").path, "--screenshots", artifacts.path,
                "--require", "alpha/index.html=table.verdicts",
            ] + pages.map(\.path)
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "browser check (make test-deps installs chromium): \(text)")
        let shots = (try? FileManager.default.contentsOfDirectory(atPath: artifacts.path)) ?? []
        XCTAssertGreaterThanOrEqual(shots.filter { $0.hasSuffix(".png") }.count, pages.count, "\(shots)")
    }

    func testGitRevisionsAreReadFromGitsObjects() throws {
        let repo = try makeRepository()
        let old = try ResultsSource.resolve("HEAD~1:alpha", repository: repo)
        let new = try ResultsSource.resolve("HEAD:alpha", repository: repo)
        let diff = ResultsDiff(old, new)
        XCTAssertEqual(diff.specChanges.map(\.field), ["training.epochs"])
        XCTAssertEqual(diff.rows.filter { $0.gated && $0.changed }.map(\.metric), ["final |ΔL| EMA"])
        XCTAssertThrowsError(try ResultsSource.resolve("HEAD~1:nothing", repository: repo)) {
            XCTAssertTrue("\($0)".contains("has no reports/nothing/results.json"), "\($0)")
        }
    }

    func testPublishBuildsASiteWhoseLinksAllResolve() throws {
        let repo = try makeRepository()
        let site = dir.file("site")
        var logged: [String] = []
        var publisher = SitePublisher(
            reports: repo.appendingPathComponent("reports"), site: site, templates: ReportTests.templates)
        publisher.log = { logged.append($0) }
        let index = try publisher.publish()
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent(".nojekyll").path))
        XCTAssertTrue(logged.contains("published alpha") && logged.contains("published beta"), "\(logged)")
        XCTAssertEqual(logged.filter { $0.hasPrefix("published alpha/diffs/") }.count, 1)
        let pages = dir.listing().filter { $0.hasPrefix("site/") && $0.hasSuffix(".html") }
        XCTAssertGreaterThanOrEqual(pages.count, 4) // index, alpha, beta, one diff
        for page in pages {
            let url = dir.file(page), html = try String(contentsOf: url, encoding: .utf8)
            for ref in htmlReferences(html) {
                XCTAssertFalse(ref.hasPrefix("/") || ref.contains("://"), "\(page): non-relative \(ref)")
            }
            XCTAssertEqual(unresolvedReferences(html, page: url), [], page)
        }
        XCTAssertTrue(try String(contentsOf: index, encoding: .utf8).contains("alpha/index.html"))
        XCTAssertTrue(try String(contentsOf: index, encoding: .utf8).contains("alpha/history/index.html"))
        // The history: alpha's two commits, oldest first, with the changed EMA in the geometric mean
        // (the fixture's trained ends 6e-5 and 3e-5, then 6.6e-5 and 3e-5: √(6·3)·1e-5 = 4.24e-5,
        // √(6.6·3)·1e-5 = 4.45e-5); no verdict changed.
        let history = try String(contentsOf: dir.file("site/alpha/history/index.html"), encoding: .utf8)
        let rows = history.components(separatedBy: "<tr>").dropFirst(2).map { $0 }
        XCTAssertEqual(rows.count, 2, history)
        XCTAssertTrue(rows[0].contains("<td>first</td>") && rows[0].contains("4.24×10⁻⁵"), rows[0])
        XCTAssertTrue(rows[1].contains("<td>second</td>") && rows[1].contains("4.45×10⁻⁵"), rows[1])
        XCTAssertTrue(history.contains("No finding changed its verdict across these commits."))
        for figure in ["history-end.png", "history-verdicts.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.file("site/alpha/history/figures/" + figure).path))
        }
        // Publishing again re-renders nothing.
        logged = []
        try publisher.publish()
        XCTAssertEqual(logged, [])
    }
}

/// Every results.json ever committed stays readable and diffable against the newest one.
final class SchemaHistoryTests: XCTestCase {
    func testEveryCommittedReportDiffsAgainstTheNewest() throws {
        let repository = ReportTests.here.deletingLastPathComponent().deletingLastPathComponent()
        guard
            let log = Git.run(
                ["log", "--format=%h", "--diff-filter=AM", "--", "reports/paper/results.json"], in: repository),
            !log.isEmpty
        else {
            throw XCTSkip("no git history here (a shallow or exported tree)")
        }
        let commits = log.split(separator: "\n").map(String.init)
        let newest = try ResultsSource.resolve(commits[0], repository: repository)
        var versions: Set<Int> = []
        for commit in commits {
            let old = try ResultsSource.resolve(commit, repository: repository)
            versions.insert(old.results.schemaVersion)
            let diff = ResultsDiff(old, newest)
            // Configurations of both sides meet by id: at least one is compared with numbers.
            XCTAssertFalse(diff.rows.isEmpty, "\(commit): nothing compared")
            XCTAssertTrue(diff.text(all: false).hasPrefix("landscape diff:"))
        }
        print(
            "schema history: \(commits.count) committed reports, schema versions \(versions.sorted()) read and diffed against \(commits[0])"
        )
        if commits.count > 3 { XCTAssertTrue(versions.isSuperset(of: [1, 2, 3]), "\(versions)") }
    }
}
