import Foundation
import LandscapeData
import LandscapeEncoders
import XCTest

/// The real EfficientNet-Lite0 weights on real photographs from Debian's python3-skimage.
final class EfficientNetLite0Tests: XCTestCase {
    /// The tool's own resolver ($XDG_CACHE_HOME, then $HOME, as the Makefile), not the passwd home.
    static var cache: URL { DatasetCatalog.cacheDirectory(ProcessInfo.processInfo.environment) }

    /// ImageNet indices: 281–285 are the domestic cats (tabby, tiger, Persian, Siamese, Egyptian),
    /// 967 espresso, 968 cup, 504 coffee mug, 812 space shuttle, 657 missile, 744 projectile.
    func testClassifiesRealPhotographsSensibly() throws {
        let weights = Self.cache.appendingPathComponent("encoders/efficientnet-lite0.safetensors")
        guard FileManager.default.fileExists(atPath: weights.path) else {
            throw XCTSkip("no EfficientNet-Lite0 weights (make data converts them)")
        }
        let model = try EfficientNetLite0(weights: weights)
        for (file, expected) in [
            ("chelsea.png", Set(281...285)), ("coffee.png", Set([967, 968, 504])),
            ("rocket.jpg", Set([812, 657, 744])),
        ] {
            let url = Self.cache.appendingPathComponent("pictures/\(file)")
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw XCTSkip("no \(file) (make data unpacks it from python3-skimage)")
            }
            let input = try ImagePreprocessing.picture(url).map { (255 * $0 - 127) / 128 }
            let logits = model.logits(model.features(input))
            let top = logits.indices.sorted { logits[$0] > logits[$1] }.prefix(5)
            print("\(file): top-5 ImageNet classes \(Array(top))")
            XCTAssertTrue(
                expected.contains(top.first!), "\(file): top-1 class \(top.first!) not in \(expected.sorted())")
        }
    }
}
