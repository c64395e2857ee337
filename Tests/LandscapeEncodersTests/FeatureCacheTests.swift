import Foundation
import LandscapeCore
import LandscapeData
import LandscapeEncoders
import TestSupport
import XCTest

final class FeatureCacheTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    /// Features are computed once, read back identically, and a corrupt entry is rebuilt.
    func testCacheReusesAndRebuilds() throws {
        let weights = EfficientNetLite0Tests.cache.appendingPathComponent("encoders/efficientnet-lite0.safetensors")
        guard FileManager.default.fileExists(atPath: weights.path) else {
            throw XCTSkip("no EfficientNet-Lite0 weights (make data converts them)")
        }
        let images = DatasetFixtures.pixels(count: 3, size: 784, seed: 5)
        let data = Dataset(
            descriptor: DatasetDescriptor.mnist, inputs: images.map { Dataset.pixelTable[Int($0)] }, labels: [1, 2, 3],
            features: 784, classes: 10, source: "fixture")
        let cache = FeatureCache(folder: dir.file("features"))
        var logged: [String] = []
        let first = try cache.features(of: data, encoder: .efficientNetLite0, weights: weights, workers: 2) {
            logged.append($0)
        }
        XCTAssertEqual(first.features, 1280)
        XCTAssertEqual(first.inputs.count, 3 * 1280)
        XCTAssertEqual(logged.count, 1) // computed
        // The same objects give the same features whatever the number of workers.
        let model = try EfficientNetLite0(weights: weights)
        XCTAssertEqual(try FeatureExtraction.features(model, data: data, workers: 1, progress: nil), first.inputs)
        logged = []
        XCTAssertEqual(
            try cache.features(of: data, encoder: .efficientNetLite0, weights: weights, workers: 2) {
                logged.append($0)
            }.inputs, first.inputs)
        XCTAssertEqual(logged, []) // read from the cache
        let file = try XCTUnwrap(dir.listing().first { $0.hasSuffix(".npy") })
        try Data("garbage".utf8).write(to: dir.file(file))
        XCTAssertEqual(
            try cache.features(of: data, encoder: .efficientNetLite0, weights: weights, workers: 2) {
                logged.append($0)
            }.inputs, first.inputs)
        XCTAssertTrue(logged.first?.contains("rebuilding") ?? false, "\(logged)")
    }
}
