import Foundation
import LandscapeData
import LandscapeExperiment

/// A small real-format dataset (IDX, FashionMNIST layout) whose classes are learnable: each
/// class lights a different band of rows. For runner and report tests that must run in seconds.
public enum TinyGrid {
    public static func writeFashionMNIST(to root: URL, count: Int = 300, seed: UInt64 = 1) throws {
        let noise = DatasetFixtures.pixels(count: count, size: 784, seed: seed)
        let labels = DatasetFixtures.labels(count: count, classes: 10, seed: seed + 1)
        var images = [UInt8](repeating: 0, count: count * 784)
        for i in 0..<count {
            for p in 0..<784 {
                let row = p / 28
                let band = row / 3 == Int(labels[i]) % 9
                images[i * 784 + p] = band ? 200 &+ noise[i * 784 + p] % 56 : noise[i * 784 + p] % 40
            }
        }
        try DatasetFixtures.writeIDX(to: root.appendingPathComponent("fashion-mnist"), images: images, labels: labels)
    }
}

extension TinyGrid {
    /// A seconds-long FashionMNIST spec for runner tests: pixels only, one seed.
    public static func spec(
        name: String = "tiny", widths: [Int], depths: [Int], objects: Int, epochs: Int = 2, permutations: Int = 5
    ) -> ExperimentSpec {
        var s = ExperimentSpec.quick
        s.name = name
        s.datasets = [.fashionMNIST]
        s.widths = widths
        s.depths = depths
        s.objects = objects
        s.training.epochs = epochs
        s.permutations = permutations
        s.seeds = [0]
        s.encoders = []
        return s
    }

    /// A quiet runner over the datasets in `data`, with `home` as the cache's home.
    public static func runner(_ spec: ExperimentSpec, folder: URL, data: URL, home: URL) -> GridRunner {
        var r = GridRunner(
            spec: spec, folder: folder, catalog: DatasetCatalog(dataDir: data.path, environment: ["HOME": home.path]))
        r.quiet = true
        r.log = { _ in }
        return r
    }
}
