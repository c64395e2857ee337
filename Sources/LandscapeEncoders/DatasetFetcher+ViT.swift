import Foundation
import LandscapeCore
import LandscapeData

extension DatasetFetcher {
    /// Where `google/vit-base-patch16-224`'s files are on the Hugging Face Hub.
    public static let vitHubBase = "https://huggingface.co/google/vit-base-patch16-224/resolve/main"

    /// `landscape data fetch vit-b16`: the paper's encoder, `<mirror or the Hub>/model.safetensors`,
    /// into `<cache>/encoders/` where the catalog looks. Returns where it was installed. The Hub
    /// publishes no checksum we can pin here, so the file is checked for what it must be: a
    /// safetensors ViT of ViT-B/16's shape. A file that is not is deleted, and nothing is installed.
    @discardableResult
    public func fetchViT(mirror: String? = nil, expected: VisionTransformer.Shape = .base16) async throws -> URL {
        let target = catalog.cache.appendingPathComponent("encoders/\(Encoder.vitB16.weightsFile)")
        if let present = try? VisionTransformer(weights: target), present.shape.matches(expected) {
            log("\(target.path): present, a ViT of the expected shape"); return target
        }
        let base = (mirror ?? Self.vitHubBase).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard let url = URL(string: "\(base)/model.safetensors") else {
            throw LandscapeError("\(base): not a valid URL")
        }
        try await download(url, to: target, verified: "a ViT of shape \(expected)") { part in
            if let mismatch = try VisionTransformer(weights: part).shape.mismatch(expected) {
                throw LandscapeError(mismatch)
            }
        }
        return target
    }
}
