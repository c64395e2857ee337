import Foundation
import LandscapeCore
import LandscapeData

/// Runs an encoder over every object of a dataset, side by side on all cores.
public enum FeatureExtraction {
    /// Images per unit of work (one progress step), and per encoder call within it.
    public static let chunk = 48, batch = 8

    /// Progress steps for `count` images.
    public static func chunks(_ count: Int) -> Int { (count + chunk - 1) / chunk }

    /// count × featureCount features, in object order whatever the number of workers.
    public static func features(
        _ model: any ImageEncoder, data: Dataset, workers: Int, progress: ProgressReporter?
    ) -> [Float] {
        let n = model.featureCount
        // One buffer that workers fill at disjoint offsets through its pointer: a Swift array
        // would be a shared mutable variable (each withUnsafeMutableBufferPointer is an exclusive
        // access, and ThreadSanitizer rightly reports the overlap).
        final class Out: @unchecked Sendable {
            let buffer: UnsafeMutableBufferPointer<Float>
            init(_ c: Int) { buffer = .allocate(capacity: max(1, c)); buffer.initialize(repeating: 0) }
            deinit { buffer.deallocate() }
        }
        let out = Out(data.count * n)
        ParallelWork.run(Array(0..<chunks(data.count)), workers: workers) { c in
            let images = (c * chunk)..<min(data.count, (c + 1) * chunk)
            for start in stride(from: images.lowerBound, to: images.upperBound, by: batch) {
                let indices = start..<min(images.upperBound, start + batch)
                let inputs = indices.map { i in
                    model.input(
                        data.inputs[(i * data.features)..<((i + 1) * data.features)],
                        channels: data.descriptor.channels ?? 1, side: data.descriptor.side ?? 0)
                }
                for (i, f) in zip(indices, model.features(batch: inputs)) {
                    f.withUnsafeBufferPointer { src in
                        (out.buffer.baseAddress! + i * n).update(from: src.baseAddress!, count: n)
                    }
                }
            }
            progress?.step("images \(images.lowerBound + 1)–\(images.upperBound)", units: images.count)
        }
        return Array(out.buffer.prefix(data.count * n))
    }
}
