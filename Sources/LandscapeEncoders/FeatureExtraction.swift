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
    ) throws -> [Float] {
        // Each chunk's features come back as a value, in chunk order whatever the number of workers.
        let parts = try ParallelWork.map(chunks(data.count), workers: workers) { c -> [Float] in
            let images = (c * chunk)..<min(data.count, (c + 1) * chunk)
            var features: [Float] = []
            features.reserveCapacity(images.count * model.featureCount)
            for start in stride(from: images.lowerBound, to: images.upperBound, by: batch) {
                let indices = start..<min(images.upperBound, start + batch)
                let inputs = indices.map { i in
                    model.input(
                        data.inputs[(i * data.features)..<((i + 1) * data.features)],
                        channels: data.descriptor.channels ?? 1, side: data.descriptor.side ?? 0)
                }
                for f in model.features(batch: inputs) { features += f }
            }
            progress?.step("images \(images.lowerBound + 1)–\(images.upperBound)", units: images.count)
            return features
        }
        return parts.flatMap { $0 }
    }
}
