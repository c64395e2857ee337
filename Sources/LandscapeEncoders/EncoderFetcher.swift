import Foundation
import LandscapeCore
import LandscapeData

/// `landscape data fetch vit-b16`: the paper's encoder, `google/vit-base-patch16-224`'s
/// `model.safetensors` from the Hugging Face Hub, into `<cache>/encoders/` where the catalog looks.
/// The Hub publishes no checksum we can pin here, so the file is checked for what it must be: a
/// safetensors ViT of ViT-B/16's shape. A file that is not is deleted, and nothing is installed.
public struct EncoderFetcher {
    public static let hubBase = "https://huggingface.co/google/vit-base-patch16-224/resolve/main"
    public let catalog: DatasetCatalog
    public let log: (String) -> Void

    public init(catalog: DatasetCatalog, log: @escaping (String) -> Void = { print($0) }) {
        self.catalog = catalog
        self.log = log
    }

    /// Downloads `<mirror or the Hub>/model.safetensors`. Returns where it was installed.
    @discardableResult
    public func fetchViT(mirror: String? = nil, expected: VisionTransformer.Shape = .base16) async throws -> URL {
        let target = catalog.cache.appendingPathComponent("encoders/\(Encoder.vitB16.weightsFile)")
        if let present = try? VisionTransformer(weights: target), present.shape.matches(expected) {
            log("\(target.path): present, a ViT of the expected shape"); return target
        }
        let base = (mirror ?? Self.hubBase).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard let url = URL(string: "\(base)/model.safetensors") else { throw LandscapeError("\(base): not a valid URL") }
        try await DatasetFetcher(catalog: catalog, log: log).download(url, to: target, verified: "a ViT of shape \(expected)") { part in
            let shape = try VisionTransformer(weights: part).shape
            guard shape.matches(expected) else { throw LandscapeError("a ViT of shape \(shape), not ViT-B/16's (\(expected))") }
        }
        return target
    }
}
