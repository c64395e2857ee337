import Foundation
import LandscapeData

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
