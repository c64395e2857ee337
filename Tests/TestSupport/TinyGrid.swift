import Foundation
import LandscapeData
import LandscapeExperiment

/// A small real-format dataset (IDX, FashionMNIST layout) whose classes are learnable: each
/// class lights a different band of rows. For runner and report tests that must run in seconds.
public enum TinyGrid {
    /// `heldOut` > 0 also writes that many test-split (`t10k`) objects from the same classes.
    public static func writeFashionMNIST(to root: URL, count: Int = 300, seed: UInt64 = 1, heldOut: Int = 0) throws {
        func images(_ count: Int, seed: UInt64) -> (images: [UInt8], labels: [UInt8]) {
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
            return (images, labels)
        }
        let folder = root.appendingPathComponent("fashion-mnist")
        let train = images(count, seed: seed)
        try DatasetFixtures.writeIDX(to: folder, images: train.images, labels: train.labels)
        if heldOut > 0 {
            let test = images(heldOut, seed: seed + 100)
            try DatasetFixtures.writeIDX(to: folder, images: test.images, labels: test.labels, split: "t10k")
        }
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
