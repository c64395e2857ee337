import Foundation
import LandscapeCore
import LandscapeData

/// Runs an encoder over every object of a dataset, side by side on all cores.
public enum FeatureExtraction {
    /// count × 1280 features, in object order whatever the number of workers.
    public static func features(_ model: EfficientNetLite0, data: Dataset, workers: Int, progress: ProgressReporter?) -> [Float] {
        let n = EfficientNetLite0.featureCount, chunk = 50
        final class Out: @unchecked Sendable { var values: [Float]; init(_ c: Int) { values = [Float](repeating: 0, count: c) } }
        let out = Out(data.count * n)
        let chunks = (data.count + chunk - 1) / chunk
        ParallelWork.run(Array(0..<chunks), workers: workers) { c in
            for i in (c * chunk)..<min(data.count, (c + 1) * chunk) {
                let object = data.inputs[(i * data.features)..<((i + 1) * data.features)]
                let f = model.features(ImagePreprocessing.liteInput(object, channels: data.name.channels, side: data.name.side))
                f.withUnsafeBufferPointer { src in
                    out.values.withUnsafeMutableBufferPointer { dst in (dst.baseAddress! + i * n).update(from: src.baseAddress!, count: n) }
                }
            }
            progress?.step("images \(c * chunk + 1)–\(min(data.count, (c + 1) * chunk))")
        }
        return out.values
    }
}
