import LandscapeData
import LandscapeEncoders

/// What the networks are trained on: a dataset's pixels, or its features through a pretrained
/// encoder (the paper's Figure 3).
public struct Variant: Hashable, Codable, Comparable, Sendable {
    public let dataset: DatasetName
    public let encoder: Encoder?

    public init(dataset: DatasetName, encoder: Encoder? = nil) {
        self.dataset = dataset
        self.encoder = encoder
    }

    /// "MNIST", "MNIST · EfficientNet-Lite0 features"; the dataset's name from `datasets`.
    public func displayName(_ datasets: DatasetDescriptors) -> String {
        let name = datasets.displayName(dataset)
        return encoder.map { "\(name) · \($0.displayName) features" } ?? name
    }

    /// File-name-safe: `mnist`, `mnist-efficientnet-lite0`.
    public var fileStem: String { encoder.map { "\(dataset.rawValue)-\($0.rawValue)" } ?? dataset.rawValue }

    /// Input size n.
    public func features(_ datasets: DatasetDescriptors) -> Int {
        encoder?.featureCount ?? datasets[dataset]?.features ?? 0
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.dataset, a.encoder?.rawValue ?? "") < (b.dataset, b.encoder?.rawValue ?? "")
    }
}
