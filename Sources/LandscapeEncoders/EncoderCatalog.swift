import Foundation
import LandscapeCore
import LandscapeData

/// The pretrained encoders and where their weights are found.
public enum Encoder: String, CaseIterable, Codable, Sendable {
    case efficientNetLite0 = "efficientnet-lite0"

    public var displayName: String { "EfficientNet-Lite0" }
    public var featureCount: Int { EfficientNetLite0.featureCount }
    public var weightsFile: String { "\(rawValue).safetensors" }
    /// How a user gets the weights.
    public var setupCommand: String { "make data" }
}

/// Looks for encoder weights in `<place>/encoders/` of each place the dataset catalog searches.
public struct EncoderCatalog: Sendable {
    public let catalog: DatasetCatalog
    public init(catalog: DatasetCatalog) { self.catalog = catalog }

    public func locate(_ encoder: Encoder) -> URL? {
        catalog.roots.map { $0.url.appendingPathComponent("encoders/\(encoder.weightsFile)") }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }

    public func weights(_ encoder: Encoder) throws -> URL {
        guard let url = locate(encoder) else {
            let places = catalog.roots.map { $0.url.appendingPathComponent("encoders").path }.joined(separator: ", ")
            throw LandscapeError("\(encoder.rawValue): weights not found (looked in \(places)); get them with `\(encoder.setupCommand)`")
        }
        return url
    }
}
