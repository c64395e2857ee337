import Foundation
import LandscapeCore

/// ViT (Dosovitskiy et al. 2021) as Hugging Face's `ViTModel` computes it, read from its
/// safetensors file (names with or without the `vit.` prefix): patch embedding, [CLS] and
/// position embeddings, pre-norm encoder blocks (multi-head attention, exact-GELU MLP), final
/// layer norm, and the pooler (dense + tanh on [CLS]). `google/vit-base-patch16-224` is the
/// paper's encoder: 224 × 224 input, 16 × 16 patches, 12 layers, 768-d output.
public struct VisionTransformer: Sendable {
    struct Linear: Sendable { let weights: [Float]; let bias: [Float]; let out: Int; let inputs: Int }
    struct Norm: Sendable { let gamma: [Float]; let beta: [Float] }
    /// One encoder block. `qkv` stacks the query, key and value projections (3·d outputs), so one
    /// sgemm computes all three and attention reads each head in place.
    struct Layer: Sendable {
        let norm1: Norm; let qkv: Linear; let output: Linear; let norm2: Norm; let up: Linear; let down: Linear
    }

    public let dimension: Int, heads: Int, patch: Int, imageSize: Int
    let patchEmbedding: Linear
    let cls: [Float]
    let positions: [Float]
    let layers: [Layer]
    let finalNorm: Norm
    let pooler: Linear
    /// True when the checkpoint had no pooler and `drawnPooler` stands in for it.
    public let poolerDrawn: Bool
    /// Hugging Face's ViT default.
    let epsilon: Float = 1e-12

    var tokens: Int { (imageSize / patch) * (imageSize / patch) + 1 }

    /// `heads` is not stored in the weights: 12 for ViT-B (head size 64).
    public init(weights url: URL, heads: Int? = nil) throws {
        let st = try SafeTensors(contentsOf: url)
        let prefix = st.entries["vit.embeddings.cls_token"] != nil ? "vit." : ""
        func name(_ n: String) -> String { prefix + n }
        guard let clsEntry = st.entries[name("embeddings.cls_token")],
            let projection = st.entries[name("embeddings.patch_embeddings.projection.weight")],
            let positionEntry = st.entries[name("embeddings.position_embeddings")]
        else {
            throw LandscapeError(
                file: url.path,
                "not a ViT checkpoint (no embeddings.cls_token / patch_embeddings / position_embeddings)")
        }
        let d = clsEntry.shape.last ?? 0, p = projection.shape.last ?? 0, t = positionEntry.shape.dropLast().last ?? 0
        let side = Int(Double(t - 1).squareRoot().rounded())
        guard d > 0, p > 0, side * side == t - 1 else {
            throw LandscapeError(file: url.path, "inconsistent ViT embedding shapes")
        }
        dimension = d; patch = p; imageSize = side * p
        self.heads = heads ?? max(1, d / 64)
        guard d % self.heads == 0 else {
            throw LandscapeError(file: url.path, "\(d) is not divisible into \(self.heads) heads")
        }
        func linear(_ n: String, out: Int, in k: Int) throws -> Linear {
            Linear(
                weights: try st.floats(name("\(n).weight"), shape: [out, k]),
                bias: try st.floats(name("\(n).bias"), shape: [out]), out: out, inputs: k)
        }
        func norm(_ n: String) throws -> Norm {
            Norm(
                gamma: try st.floats(name("\(n).weight"), shape: [d]),
                beta: try st.floats(name("\(n).bias"), shape: [d]))
        }
        patchEmbedding = Linear(
            weights: try st.floats(name("embeddings.patch_embeddings.projection.weight"), shape: [d, 3, p, p]),
            bias: try st.floats(name("embeddings.patch_embeddings.projection.bias"), shape: [d]), out: d,
            inputs: 3 * p * p)
        cls = try st.floats(name("embeddings.cls_token"), shape: [1, 1, d])
        positions = try st.floats(name("embeddings.position_embeddings"), shape: [1, t, d])
        // Two naming schemes: the Hub's checkpoints (`encoder.layer.N.attention.attention.query`,
        // …) and recent transformers releases (`layers.N.attention.q_proj`, `mlp.fc1`, …).
        let modern = st.entries[name("layers.0.attention.q_proj.weight")] != nil
        let layerPrefix = name(modern ? "layers." : "encoder.layer.")
        let count = Set(
            st.entries.keys.compactMap { key -> Int? in
                guard key.hasPrefix(layerPrefix) else { return nil }
                return Int(key.dropFirst(layerPrefix.count).split(separator: ".")[0])
            }
        ).count
        let upName = modern ? "mlp.fc1" : "intermediate.dense"
        guard count > 0, let upEntry = st.entries["\(layerPrefix)0.\(upName).weight"] else {
            throw LandscapeError(file: url.path, "no encoder layers")
        }
        let inner = upEntry.shape[0]
        let names =
            modern
            ? (
                q: "attention.q_proj", k: "attention.k_proj", v: "attention.v_proj", o: "attention.o_proj",
                up: "mlp.fc1", down: "mlp.fc2"
            )
            : (
                q: "attention.attention.query", k: "attention.attention.key", v: "attention.attention.value",
                o: "attention.output.dense", up: "intermediate.dense", down: "output.dense"
            )
        layers = try (0..<count).map { i in
            let l = (modern ? "layers." : "encoder.layer.") + "\(i)"
            let projections = try [names.q, names.k, names.v].map { try linear("\(l).\($0)", out: d, in: d) }
            return Layer(
                norm1: try norm("\(l).layernorm_before"),
                qkv: Linear(
                    weights: projections.flatMap(\.weights), bias: projections.flatMap(\.bias), out: 3 * d, inputs: d),
                output: try linear("\(l).\(names.o)", out: d, in: d),
                norm2: try norm("\(l).layernorm_after"), up: try linear("\(l).\(names.up)", out: inner, in: d),
                down: try linear("\(l).\(names.down)", out: d, in: inner))
        }
        finalNorm = try norm("layernorm")
        if st.entries[name("pooler.dense.weight")] != nil {
            pooler = try linear("pooler.dense", out: d, in: d)
            poolerDrawn = false
        } else {
            let drawn = Self.drawnPooler(dimension: d)
            pooler = Linear(weights: drawn.weights, bias: drawn.bias, out: d, inputs: d)
            poolerDrawn = true
        }
    }

    /// The pooler of a checkpoint that has none. The Hub's `google/vit-base-patch16-224` is an
    /// image-classification checkpoint without pooler weights, so transformers'
    /// `ViTModel.from_pretrained` — the paper's pooled output — draws them afresh: weights
    /// N(0, 0.02²) (`initializer_range`; the truncation at ±2 never bites) and zero bias. We draw
    /// the same distribution from a fixed seed, so the features are reproducible.
    public static func drawnPooler(dimension d: Int) -> (weights: [Float], bias: [Float]) {
        var rng = SeededGenerator(seed: poolerSeed)
        return ((0..<(d * d)).map { _ in Float(0.02 * rng.nextGaussian()) }, [Float](repeating: 0, count: d))
    }

    /// The seed of `drawnPooler` (the paper's arXiv number).
    public static let poolerSeed: UInt64 = 2409_11995

    /// y (rows × outputs, rows ldy apart) = x (rows × inputs, rows ldx apart) · Wᵀ + b, for the
    /// output units `units` of `l` (all by default); with `accumulate`, y += … (a residual).
    func apply(
        _ l: Linear, units: Range<Int>? = nil, _ x: UnsafePointer<Float>, ldx: Int, rows: Int,
        into y: UnsafeMutablePointer<Float>, ldy: Int, accumulate: Bool = false
    ) {
        let units = units ?? 0..<l.out
        l.bias.withUnsafeBufferPointer { bias in
            let b = bias.baseAddress! + units.lowerBound
            for r in 0..<rows {
                let row = y + r * ldy
                if accumulate {
                    for c in 0..<units.count { row[c] += b[c] }
                } else {
                    row.update(from: b, count: units.count)
                }
            }
        }
        l.weights.withUnsafeBufferPointer { w in
            BLAS.gemm(
                false, true, m: rows, n: units.count, k: l.inputs, x, lda: ldx,
                w.baseAddress! + units.lowerBound * l.inputs, ldb: l.inputs, beta: 1, y, ldc: ldy)
        }
    }

    /// y = LayerNorm(x) row by row; rows × dimension, rows ldx and ldy apart.
    func layerNorm(
        _ x: UnsafePointer<Float>, ldx: Int, _ n: Norm, rows: Int, into y: UnsafeMutablePointer<Float>, ldy: Int
    ) {
        let d = dimension
        n.gamma.withUnsafeBufferPointer { g in
            n.beta.withUnsafeBufferPointer { b in
                for r in 0..<rows {
                    let row = x + r * ldx, o = y + r * ldy
                    var mean: Float = 0, variance: Float = 0
                    for c in 0..<d { mean += row[c] }
                    mean /= Float(d)
                    for c in 0..<d { let v = row[c] - mean; variance += v * v }
                    let inv = 1 / (variance / Float(d) + epsilon).squareRoot()
                    for c in 0..<d { o[c] = (row[c] - mean) * inv * g[c] + b[c] }
                }
            }
        }
    }
}
