import Foundation
import LandscapeCore
import LandscapeData

/// Encoder features stored as `.npy` (float32, objects × features) under the cache, keyed by
/// (dataset, object count, encoder, weights checksum), so runs and reports reuse them. An entry
/// that does not decode to the expected shape is rebuilt.
public struct FeatureCache: Sendable {
    public let folder: URL
    public init(folder: URL) { self.folder = folder }

    /// A declared dataset's key also holds its files' fingerprint, so changed files are never
    /// served stale features; and the BLAS kernel family, whose rounding the features carry.
    public func url(
        dataset: DatasetDescriptor, count: Int, encoder: Encoder, weightsChecksum: String, heldOut: Bool = false
    ) -> URL {
        let name = dataset.name + (heldOut ? "-heldout" : "")
        let data = dataset.fingerprint.map { "\(name)-\($0.prefix(12))" } ?? name
        let kernel = BLAS.kernel.lowercased().filter { $0.isLetter || $0.isNumber }
        return folder.appendingPathComponent(
            "\(data)-\(count)-\(encoder.rawValue)-\(weightsChecksum.prefix(12))-\(kernel).npy")
    }

    /// The features of `data` through `encoder`, from the cache or computed (and stored).
    public func features(
        of data: Dataset, encoder: Encoder, weights: URL, workers: Int,
        log: (String) -> Void = { _ in }
    ) throws -> Dataset {
        let checksum = Checksum.sha256(try Data(contentsOf: weights, options: .alwaysMapped))
        let file = url(
            dataset: data.descriptor, count: data.count, encoder: encoder, weightsChecksum: checksum,
            heldOut: data.isHeldOut)
        let n = encoder.featureCount
        if FileManager.default.fileExists(atPath: file.path) {
            if let (values, shape) = try? NPY.decodeFloats(
                Data(contentsOf: file, options: .alwaysMapped), file: file.path), shape == [data.count, n]
            {
                return Self.dataset(data, features: values, encoder: encoder, source: file.path)
            }
            log("\(file.path): unreadable or wrong shape; rebuilding")
        }
        let model = try encoder.load(weights)
        guard model.featureCount == n else {
            throw LandscapeError(
                file: weights.path, "gives \(model.featureCount)-d features; \(encoder.displayName) has \(n)")
        }
        if let note = model.loadNote { log("\(weights.path): \(note)") }
        log(
            "\(data.name.rawValue): \(encoder.displayName) features of \(data.count)\(data.isHeldOut ? " held-out" : "") images (cached afterwards in \(folder.path))"
        )
        let progress = ProgressReporter(
            total: FeatureExtraction.chunks(data.count), label: "\(data.name.rawValue) features", rateUnit: "images")
        let values = try FeatureExtraction.features(model, data: data, workers: workers, progress: progress)
        try AtomicFile.write(NPY.encode(values, shape: [data.count, n]), to: file)
        return Self.dataset(data, features: values, encoder: encoder, source: file.path)
    }

    static func dataset(_ data: Dataset, features: [Float], encoder: Encoder, source: String) -> Dataset {
        Dataset(
            descriptor: data.descriptor, inputs: features, labels: data.labels, features: encoder.featureCount,
            classes: data.classes, source: source, isHeldOut: data.isHeldOut)
    }
}
