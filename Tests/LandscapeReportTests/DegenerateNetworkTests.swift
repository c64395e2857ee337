import Foundation
import LandscapeCore
import LandscapeData
import LandscapeExperiment
import LandscapeReport
import TestSupport
import XCTest

/// Networks that diverge, die or see one class go through run, render, diff and publish, labelled.
final class DegenerateNetworkTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    func run(_ name: String, data: String, _ change: (inout ExperimentSpec) -> Void) throws -> Results {
        var spec = TinyGrid.spec(name: name, widths: [1, 4, 16], depths: [1], objects: 200)
        change(&spec)
        let runner = TinyGrid.runner(spec, folder: dir.file("reports/\(name)"), data: dir.file(data), home: dir.url)
        let results = try runner.run()
        try ReportRenderer(templates: ReportTests.templates).render(folder: dir.file("reports/\(name)"))
        return results
    }

    func testDivergedDeadAndSingleClassRunsRenderDiffAndPublish() throws {
        try TinyGrid.writeFashionMNIST(to: dir.file("data"), count: 200)
        // Every label 3: the first k objects (all of them) hold one class.
        let images = DatasetFixtures.pixels(count: 200, size: 784, seed: 4)
        try DatasetFixtures.writeIDX(
            to: dir.file("single/fashion-mnist"), images: images, labels: [UInt8](repeating: 3, count: 200))

        let diverging = try run("diverging", data: "data") { $0.training.adam.learningRate = 10 }
        let single = try run("single", data: "single") { _ in }
        let statuses = Set(diverging.configurations.map(\.status))
        XCTAssertTrue(
            statuses.contains(.diverged) || statuses.contains(.dead) || statuses.contains(.untrained), "\(statuses)")
        // h = 1 with lr 10 cannot train: never counted as trained.
        XCTAssertFalse(diverging.configurations.first { $0.width == 1 }!.isTrained)
        XCTAssertEqual(single.configurations.count, 3)
        XCTAssertEqual(single.datasets.first { $0.present }?.classesPresent, 1)
        let singlePage = try String(contentsOf: dir.file("reports/single/index.html"), encoding: .utf8)
        XCTAssertTrue(singlePage.contains("only 1 of its 10 classes occur"), "the single class is not said")
        // One class only: every network's curve is finite, whatever it learned.
        for c in single.configurations { XCTAssertTrue(c.curve.mean.allSatisfy(\.isFinite), c.id) }

        for name in ["diverging", "single"] {
            let html = try String(contentsOf: dir.file("reports/\(name)/index.html"), encoding: .utf8)
            let results = name == "diverging" ? diverging : single
            for c in results.configurations where !c.isTrained {
                XCTAssertTrue(
                    html.contains(c.status.rawValue),
                    "\(name): \(c.id) is \(c.status.rawValue) but the page does not say so")
            }
        }
        let a = try ResultsSource.resolve(dir.file("reports/diverging").path),
            b = try ResultsSource.resolve(dir.file("reports/single").path)
        let diff = ResultsDiff(a, b)
        XCTAssertEqual(diff.exitStatus(rtol: 0, atol: 0), 1) // different specs
        _ = diff.text(all: true)
        XCTAssertEqual(ResultsDiff(a, a).exitStatus(rtol: 0, atol: 0), 0)
        let site = try SitePublisher(
            reports: dir.file("reports"), site: dir.file("site"), templates: ReportTests.templates
        ).publish()
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.path))
    }
}
