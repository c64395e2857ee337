import Foundation
import LandscapeCore
import LandscapeData
import LandscapeEncoders
import LandscapeExperiment
import LandscapeReport
import TestSupport
import XCTest

/// The paper's encoder end to end: ViT weights given as `--vit-weights` gives them → features
/// (cached) → the grid on 768-d features → the report's Figure 3 section. The checkpoint has
/// ViT-B/16's pooled width (768), patch size and Hub names, and like the Hub's file no pooler;
/// it is small elsewhere (one layer, 32 × 32 input) so the test takes seconds.
final class FeatureGridTests: XCTestCase {
    func testViTFeatureGridRunsAndIsReported() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        try TinyGrid.writeFashionMNIST(to: dir.file("data"), count: 120)
        let weights = dir.file("vit.safetensors")
        try VisionTransformer.writeRandom(
            .init(dimension: 768, layers: 1, inner: 64, imageSize: 32, patch: 16, pooler: false), to: weights)
        var spec = ExperimentSpec.quick
        spec.seeds = [0]
        spec.name = "vit"
        spec.datasets = [.fashionMNIST]
        spec.widths = [4, 16]
        spec.depths = [1, 5]
        spec.objects = 120
        spec.training.epochs = 2
        spec.permutations = 5
        spec.encoders = [.vitB16]
        let catalog = DatasetCatalog(dataDir: dir.file("data").path, environment: ["HOME": dir.url.path])
        func runner(_ folder: String) -> (GridRunner, () -> [String]) {
            final class Lines: @unchecked Sendable { var all: [String] = [] }
            let lines = Lines()
            var r = GridRunner(spec: spec, folder: dir.file(folder), catalog: catalog)
            r.encoderWeights[.vitB16] = weights
            r.quiet = true
            r.log = { lines.all.append($0) }
            return (r, { lines.all })
        }

        let (first, firstLog) = runner("run")
        let results = try first.run()
        XCTAssertTrue(
            firstLog().contains { $0.contains("not ViT-B/16's") && $0.contains("no pooler weights") }, "\(firstLog())")
        XCTAssertTrue(firstLog().contains { $0.contains("ViT-B/16 features of 120 images") }, "\(firstLog())")
        let record = try XCTUnwrap(results.datasets.first { $0.encoder == .vitB16 })
        XCTAssertTrue(record.present)
        XCTAssertEqual(record.features, 768)
        let vitConfigurations = results.configurations.filter { $0.encoder == .vitB16 }
        XCTAssertEqual(vitConfigurations.count, 4)
        // n = 768 inputs: P = n·h + N·h² + h·K without biases (N hidden h × h layers).
        let small = try XCTUnwrap(vitConfigurations.first { $0.width == 4 && $0.hiddenLayers == 1 })
        XCTAssertEqual(small.parameterCount, 768 * 4 + 1 * 4 * 4 + 4 * 10)
        XCTAssertTrue(
            vitConfigurations.contains { $0.status == .trained && $0.width == 16 }, "\(vitConfigurations.map(\.status))"
        )

        // The cached features are the encoder's output on the preprocessed dataset images.
        let data = try catalog.load(DatasetDescriptor.fashionMNIST, count: 120)
        let vit = try VisionTransformer(weights: weights)
        let cacheFolder = catalog.cache.appendingPathComponent("features")
        let cached = try FileManager.default.contentsOfDirectory(atPath: cacheFolder.path).filter {
            $0.hasSuffix(".npy")
        }
        XCTAssertEqual(cached.count, 1)
        let (values, shape) = try NPY.decodeFloats(
            Data(contentsOf: cacheFolder.appendingPathComponent(cached[0])), file: cached[0])
        XCTAssertEqual(shape, [120, 768])
        // The cache was filled in batches, whose sgemms block differently from one image's, so
        // the two agree to Float rounding over 768-term sums (about 1e-6), not bit for bit.
        for i in [0, 119] {
            let direct = vit.features(vit.input(data.inputs[(i * 784)..<((i + 1) * 784)], channels: 1, side: 28))
            for (c, d) in zip(values[(i * 768)..<((i + 1) * 768)], direct) {
                XCTAssertEqual(c, d, accuracy: 1e-5, "object \(i)")
            }
        }

        // A second run reads the features from the cache and gives the same bytes.
        let (second, secondLog) = runner("again")
        try second.run()
        XCTAssertFalse(secondLog().contains { $0.contains("features of") }, "\(secondLog())")
        XCTAssertEqual(
            try Data(contentsOf: dir.file("run/results.json")), try Data(contentsOf: dir.file("again/results.json")))

        // The report shows Figure 3 for the paper's encoder, not the "was not run" box.
        let index = try ReportRenderer(templates: ReportTests.templates).render(folder: dir.file("run"))
        let markdown = try String(contentsOf: dir.file("run/report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("The images go through ViT-B/16"))
        XCTAssertFalse(markdown.contains("was not run"))
        let html = try String(contentsOf: index, encoding: .utf8)
        let references = htmlReferences(html)
        XCTAssertTrue(references.contains("figures/fashion-mnist-vit-b16-width.png"), "\(references)")
        XCTAssertEqual(unresolvedReferences(html, page: index), [])
    }
}
