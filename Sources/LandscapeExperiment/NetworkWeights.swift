import Foundation
import LandscapeCore
import LandscapeEncoders
import LandscapeModel

/// A network's θ̂ and θ_init as a safetensors file (`networks/<id>.safetensors`), named so that
/// PyTorch loads it into `nn.Sequential(Linear, ReLU, …, Linear)` (docs/results-schema.md):
/// `<2p>.weight` [out, in] (and `<2p>.bias`) for weight layer p of θ̂, the same under `init.` for
/// θ_init; the metadata names the configuration and its architecture.
public enum NetworkWeights {
    public static func encode(id: String, trained: MLP<Float>, initial: MLP<Float>) throws -> Data {
        let a = trained.architecture
        func tensors(_ net: MLP<Float>, prefix: String) -> [(String, [Int], [Float])] {
            a.layerShapes.indices.flatMap { p -> [(String, [Int], [Float])] in
                let (o, i) = a.layerShapes[p], w = a.layerOffsets[p].weights
                let weight = ("\(prefix)\(2 * p).weight", [o, i], Array(net.parameters[w..<(w + o * i)]))
                guard a.bias else { return [weight] }
                let b = a.layerOffsets[p].bias
                return [weight, ("\(prefix)\(2 * p).bias", [o], Array(net.parameters[b..<(b + o)]))]
            }
        }
        return try SafeTensors.encode(
            tensors(trained, prefix: "") + tensors(initial, prefix: "init."),
            metadata: [
                "id": id, "inputs": "\(a.inputs)", "width": "\(a.width)", "hiddenLayers": "\(a.hiddenLayers)",
                "classes": "\(a.classes)", "bias": "\(a.bias)", "format": "pt",
            ])
    }
}
