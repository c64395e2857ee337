import Foundation
import LandscapeCore
import LandscapeData
import LandscapeEncoders
import LandscapeExperiment
import LandscapeReport
import TestSupport
import XCTest

/// A user's own data from a spec to a report: a CSV and an image folder (pixels and
/// EfficientNet-Lite0 features), and the README's digits example.
final class DeclaredDataGridTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    /// Runs the spec and renders it; returns the results and every page's Markdown (the main text first).
    func runAndRender(_ specURL: URL, out: String, lite0: URL? = nil) throws -> (Results, String) {
        let spec = try ExperimentSpec.load(specURL)
        var runner = GridRunner(
            spec: spec, folder: dir.file(out), catalog: DatasetCatalog(environment: ["HOME": dir.url.path]))
        runner.quiet = true
        runner.log = { _ in }
        if let lite0 { runner.encoderWeights[.efficientNetLite0] = lite0 }
        let results = try runner.run()
        _ = try ReportRenderer(templates: ReportTests.templates).render(folder: dir.file(out))
        let pages = try FileManager.default.contentsOfDirectory(atPath: dir.file(out).path)
            .filter { $0.hasSuffix(".md") && $0 != "report.md" }.sorted()
        let text = try (["report.md"] + pages).map { try String(contentsOf: dir.file("\(out)/\($0)"), encoding: .utf8) }
        return (results, text.joined(separator: "\n"))
    }

    func testCSVAndImageFolderRunToAReport() throws {
        // A CSV whose classes depend on its features, 3 classes as text.
        var rng = SeededGenerator(seed: 4)
        let rows = (0..<150).map { i -> String in
            let c = i % 3
            return (0..<6).map { j in String(format: "%.3f", Double(j == c ? 3 : 0) + rng.nextGaussian()) }.joined(
                separator: ",") + ",class-\(c)"
        }
        try (["a,b,c,d,e,f,kind"] + rows).joined(separator: "\n").write(
            to: dir.file("table.csv"), atomically: true, encoding: .utf8)
        try ImageFixtures.writeShapes(to: dir.file("shapes"), perClass: 12, side: 24)
        let lite0 = DatasetCatalog().cache.appendingPathComponent("encoders/efficientnet-lite0.safetensors")
        let haveLite0 = FileManager.default.fileExists(atPath: lite0.path)
        try """
        name: mine
        datasets:
          - name: table
            path: table.csv
            label: kind
          - name: shapes
            path: shapes
            format: images
            side: 16
        widths: [4, 8]
        depths: [1]
        objects: 1000
        epochs: 3
        permutations: 5
        seeds: [0]
        encoders: [\(haveLite0 ? "efficientnet-lite0" : "")]
        draws: 4
        """.write(to: dir.file("spec.yaml"), atomically: true, encoding: .utf8)
        let (results, report) = try runAndRender(dir.file("spec.yaml"), out: "run", lite0: haveLite0 ? lite0 : nil)
        let table = try XCTUnwrap(results.datasets.first { $0.name.rawValue == "table" && $0.encoder == nil })
        XCTAssertEqual(table.objects, 150, "objects is capped by the data")
        XCTAssertEqual(table.features, 6)
        XCTAssertEqual(table.classes, 3)
        XCTAssertEqual(
            results.spec.declaredDatasets?.first { $0.name == "table" }?.labelNames, ["class-0", "class-1", "class-2"],
            "the mapping is in results.json")
        XCTAssertFalse(
            results.datasets.contains { $0.name.rawValue == "table" && $0.encoder != nil }, "no encoder for flat data")
        let shapes = try XCTUnwrap(results.datasets.first { $0.name.rawValue == "shapes" && $0.encoder == nil })
        XCTAssertEqual(shapes.features, 3 * 16 * 16)
        XCTAssertEqual(results.configurations.filter { $0.dataset.rawValue == "table" }.count, 2)
        if haveLite0 {
            let features = try XCTUnwrap(
                results.datasets.first { $0.name.rawValue == "shapes" && $0.encoder == .efficientNetLite0 })
            XCTAssertTrue(features.present)
            XCTAssertEqual(features.features, 1280)
            XCTAssertEqual(
                results.configurations.filter { $0.dataset.rawValue == "shapes" && $0.encoder == .efficientNetLite0 }
                    .count, 2)
        }
        XCTAssertTrue(
            report.contains("table") && report.contains("class-0"),
            "the dataset table shows the descriptor and its labels")
        XCTAssertTrue(report.contains("![") && report.contains("figures/table"), "figures include the declared dataset")
        // Rendering again reads the declared datasets from the run's own spec.
        XCTAssertNoThrow(try ReportRenderer(templates: ReportTests.templates).render(folder: dir.file("run")))
    }

    /// The README's example: scikit-learn's digits from Debian's python3-sklearn (`make data`).
    func testDigitsExample() throws {
        let file = DatasetCatalog().cache.appendingPathComponent("digits/digits.csv.gz")
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw XCTSkip("no \(file.path) (make data fetches it)")
        }
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("examples/digits.yaml")
        // The example as written, on a smaller grid so the test takes seconds.
        var text = try String(contentsOf: example, encoding: .utf8)
        text = text.replacingOccurrences(of: "widths: [4, 8, 16, 32, 64]", with: "widths: [8, 32]")
            .replacingOccurrences(of: "depths: [1, 3, 5]", with: "depths: [1]").replacingOccurrences(
                of: "seeds: [0, 1, 2]", with: "seeds: [0]"
            )
            .replacingOccurrences(of: "~/.cache/landscape/digits/digits.csv.gz", with: file.path)
        try (text + "epochs: 3\npermutations: 10\ndraws: 4\n").write(
            to: dir.file("digits.yaml"), atomically: true, encoding: .utf8)
        let (results, report) = try runAndRender(dir.file("digits.yaml"), out: "digits")
        let d = try XCTUnwrap(results.datasets.first)
        XCTAssertEqual([d.objects, d.features, d.classes], [1_797, 64, 10])
        XCTAssertTrue(report.contains("Sample sizes, ranges over trained networks"), "the report has the sample sizes")
        XCTAssertTrue(results.configurations.allSatisfy { $0.decay != nil })
    }

    /// Two runs that declare a dataset of the same name with different files: each report and the
    /// diff between them read each run's own descriptor (no process-wide registry, first wins).
    func testTwoRunsDeclaringTheSameNameDiffCorrectly() throws {
        var rng = SeededGenerator(seed: 9)
        func table(_ name: String, features: Int, labels: [String]) throws {
            let rows = (0..<60).map { i in
                (0..<features).map { _ in String(format: "%.3f", rng.nextGaussian()) }.joined(separator: ",")
                    + ",\(labels[i % labels.count])"
            }
            try FileManager.default.createDirectory(at: dir.file(name), withIntermediateDirectories: true)
            try rows.joined(separator: "\n").write(to: dir.file("\(name)/toy.csv"), atomically: true, encoding: .utf8)
            try """
            name: \(name)
            datasets:
              - name: toy
                path: toy.csv
                description: the \(name) table
            widths: [4]
            depths: [1]
            objects: 60
            epochs: 1
            permutations: 3
            seeds: [0]
            criteria: []
            measureHessian: false
            """.write(to: dir.file("\(name)/spec.yaml"), atomically: true, encoding: .utf8)
        }
        try table("a", features: 3, labels: ["x", "y"])
        try table("b", features: 5, labels: ["p", "q", "r"])
        let (ra, reportA) = try runAndRender(dir.file("a/spec.yaml"), out: "run-a")
        let (rb, reportB) = try runAndRender(dir.file("b/spec.yaml"), out: "run-b")
        XCTAssertEqual(ra.datasets.map(\.features), [3])
        XCTAssertEqual(rb.datasets.map(\.features), [5])
        XCTAssertTrue(reportA.contains("the a table") && !reportA.contains("the b table"))
        XCTAssertTrue(
            reportB.contains("the b table") && !reportB.contains("the a table"), "B's report shows B's descriptor")
        XCTAssertTrue(reportB.contains("2 = r"), "B's label names")
        // Read back from disk, as `landscape diff` does.
        let a = try XCTUnwrap(RunStore(folder: dir.file("run-a")).readResults())
        let b = try XCTUnwrap(RunStore(folder: dir.file("run-b")).readResults())
        let diff = ResultsDiff(
            ResultsSource(label: "a", results: a, provenance: nil),
            ResultsSource(label: "b", results: b, provenance: nil))
        let declared = try XCTUnwrap(
            diff.specChanges.first { $0.field.hasPrefix("declaredDatasets") }, "\(diff.specChanges.map(\.field))")
        XCTAssertTrue(declared.old.contains("the a table") && declared.new.contains("the b table"), "\(declared)")
        let overlay = DiffPage(
            old: ResultsSource(label: "a", results: a, provenance: nil),
            new: ResultsSource(label: "b", results: b, provenance: nil)
        ).overlayFigures()
        XCTAssertFalse(overlay.isEmpty)
        XCTAssertEqual(a.spec.datasetDescriptors[DatasetName(rawValue: "toy")]?.features, 3)
        XCTAssertEqual(b.spec.datasetDescriptors[DatasetName(rawValue: "toy")]?.features, 5)
    }
}
