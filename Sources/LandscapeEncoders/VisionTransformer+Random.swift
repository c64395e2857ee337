import Foundation
import LandscapeCore

extension VisionTransformer {
    /// The shape of a ViT checkpoint. `base16` is ViT-B/16 (`google/vit-base-patch16-224`).
    public struct Shape: Equatable, CustomStringConvertible, Sendable {
        public var dimension: Int, layers: Int, inner: Int, imageSize: Int, patch: Int
        public var pooler = true
        public init(dimension: Int, layers: Int, inner: Int, imageSize: Int, patch: Int, pooler: Bool = true) {
            self.dimension = dimension; self.layers = layers; self.inner = inner
            self.imageSize = imageSize; self.patch = patch; self.pooler = pooler
        }
        public static let base16 = Shape(dimension: 768, layers: 12, inner: 3072, imageSize: 224, patch: 16)
        public var description: String {
            "\(dimension)-d, \(layers) layer\(layers == 1 ? "" : "s"), MLP \(inner), \(imageSize) × \(imageSize) input, \(patch) × \(patch) patches\(pooler ? "" : ", no pooler")"
        }
        /// The same network apart from whether the file holds a pooler (one can be drawn).
        public func matches(_ other: Shape) -> Bool {
            (dimension, layers, inner, imageSize, patch) == (
                other.dimension, other.layers, other.inner, other.imageSize, other.patch
            )
        }
        /// What to tell a user whose checkpoint has this shape where ViT-B/16's, `expected`, was
        /// wanted; nil when it matches.
        public func mismatch(_ expected: Shape) -> String? {
            matches(expected) ? nil : "a ViT of shape \(self), not ViT-B/16's (\(expected))"
        }
    }

    /// This network's shape.
    public var shape: Shape {
        Shape(
            dimension: dimension, layers: layers.count, inner: layers.first?.up.out ?? 0, imageSize: imageSize,
            patch: patch, pooler: !poolerDrawn)
    }

    /// Writes a checkpoint of `shape` with seeded random values, under the Hub's names (without
    /// the `vit.` prefix): for timing the architecture without its weights, and for tests that
    /// need a ViT-shaped file. Values are N(0, 0.02²), layer-norm scales 1.
    public static func writeRandom(_ shape: Shape, to url: URL, seed: UInt64 = 16) throws {
        var rng = SeededGenerator(seed: seed)
        func random(_ dims: [Int]) -> [Float] { (0..<dims.reduce(1, *)).map { _ in Float(0.02 * rng.nextGaussian()) } }
        let d = shape.dimension, p = shape.patch, t = (shape.imageSize / p) * (shape.imageSize / p) + 1
        let ones = [Float](repeating: 1, count: d)
        var tensors: [(String, [Int], [Float])] = [
            ("embeddings.cls_token", [1, 1, d], random([1, 1, d])),
            ("embeddings.position_embeddings", [1, t, d], random([1, t, d])),
            ("embeddings.patch_embeddings.projection.weight", [d, 3, p, p], random([d, 3, p, p])),
            ("embeddings.patch_embeddings.projection.bias", [d], random([d])),
            ("layernorm.weight", [d], ones), ("layernorm.bias", [d], random([d])),
        ]
        if shape.pooler {
            tensors += [("pooler.dense.weight", [d, d], random([d, d])), ("pooler.dense.bias", [d], random([d]))]
        }
        for i in 0..<shape.layers {
            let l = "encoder.layer.\(i)"
            for (n, out, k) in [
                ("attention.attention.query", d, d), ("attention.attention.key", d, d),
                ("attention.attention.value", d, d),
                ("attention.output.dense", d, d), ("intermediate.dense", shape.inner, d),
                ("output.dense", d, shape.inner),
            ] {
                tensors += [
                    ("\(l).\(n).weight", [out, k], random([out, k])), ("\(l).\(n).bias", [out], random([out])),
                ]
            }
            for n in ["layernorm_before", "layernorm_after"] {
                tensors += [("\(l).\(n).weight", [d], ones), ("\(l).\(n).bias", [d], random([d]))]
            }
        }
        try SafeTensors.write(tensors, to: url)
    }
}
