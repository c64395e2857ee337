import Foundation
import LandscapeCore

extension VisionTransformer {
    /// The pooled output (dimension values) of one normalised 3 × imageSize × imageSize image.
    public func features(_ image: [Float]) -> [Float] { features(batch: [image])[0] }

    /// Pooled outputs of several images at once. The linear layers run on all the batch's tokens
    /// in one sgemm, so each weight matrix is read once per batch, not once per image. The last
    /// block runs for [CLS] alone: the pooler reads nothing else, and the other tokens enter
    /// [CLS]'s output only as keys and values. That is exact, and saves 7% of the work.
    public func features(batch images: [[Float]]) -> [[Float]] {
        let d = dimension, t = tokens, b = images.count, rows = b * t, inner = layers.first?.up.out ?? 0
        // Scratch, carved from one allocation: x (rows × d, the residual stream), h (rows × d),
        // qkv (rows × 3d), context (rows × d), mlp (rows × inner), scores (t × t), and the [CLS]
        // rows' own residual stream for the last block (b × d).
        var scratch = [Float](repeating: 0, count: rows * (6 * d + inner) + t * t + b * d)
        return scratch.withUnsafeMutableBufferPointer { buffer -> [[Float]] in
            let x = buffer.baseAddress!, h = x + rows * d, qkv = h + rows * d, context = qkv + 3 * rows * d
            let mlp = context + rows * d, scores = mlp + rows * inner, stream = scores + t * t
            embed(images, into: x)
            for layer in layers.dropLast() {
                layerNorm(x, ldx: d, layer.norm1, rows: rows, into: h, ldy: d)
                apply(layer.qkv, h, ldx: d, rows: rows, into: qkv, ldy: 3 * d)
                for n in 0..<b { attention(qkv + n * t * 3 * d, queries: t, into: context + n * t * d, scores: scores) }
                apply(layer.output, context, ldx: d, rows: rows, into: x, ldy: d, accumulate: true)
                feedForward(layer, x, rows: rows, h: h, mlp: mlp)
            }
            for n in 0..<b { (stream + n * d).update(from: x + n * t * d, count: d) }
            if let last = layers.last {
                layerNorm(x, ldx: d, last.norm1, rows: rows, into: h, ldy: d)
                // keys, values: all tokens
                apply(last.qkv, units: d..<(3 * d), h, ldx: d, rows: rows, into: qkv + d, ldy: 3 * d)
                apply(last.qkv, units: 0..<d, h, ldx: t * d, rows: b, into: qkv, ldy: t * 3 * d) // queries: [CLS] only
                for n in 0..<b { attention(qkv + n * t * 3 * d, queries: 1, into: context + n * d, scores: scores) }
                apply(last.output, context, ldx: d, rows: b, into: stream, ldy: d, accumulate: true)
                feedForward(last, stream, rows: b, h: h, mlp: mlp)
            }
            layerNorm(stream, ldx: d, finalNorm, rows: b, into: context, ldy: d)
            apply(pooler, context, ldx: d, rows: b, into: qkv, ldy: d)
            return (0..<b).map { n in (0..<d).map { tanh(qkv[n * d + $0]) } }
        }
    }

    /// x (b·t × d) = [CLS; patches · Wᵀ + bias] + position embeddings, image by image.
    func embed(_ images: [[Float]], into x: UnsafeMutablePointer<Float>) {
        let d = dimension, t = tokens, grid = imageSize / patch, pp = patch * patch
        // Patches as rows of (channel, ky, kx), the order of the projection's weights.
        var patches = [Float](repeating: 0, count: (t - 1) * 3 * pp)
        for (n, image) in images.enumerated() {
            for py in 0..<grid {
                for px in 0..<grid {
                    let row = (py * grid + px) * 3 * pp
                    for c in 0..<3 {
                        for ky in 0..<patch {
                            for kx in 0..<patch {
                                patches[row + (c * patch + ky) * patch + kx] =
                                    image[(c * imageSize + py * patch + ky) * imageSize + px * patch + kx]
                            }
                        }
                    }
                }
            }
            let first = x + n * t * d
            first.update(from: cls, count: d)
            patches.withUnsafeBufferPointer {
                apply(patchEmbedding, $0.baseAddress!, ldx: 3 * pp, rows: t - 1, into: first + d, ldy: d)
            }
            positions.withUnsafeBufferPointer { p in for i in 0..<(t * d) { first[i] += p[i] } }
        }
    }

    /// x ← x + W_down · GELU(W_up · LayerNorm(x)), for rows × dimension x (h and mlp are scratch).
    func feedForward(
        _ l: Layer, _ x: UnsafeMutablePointer<Float>, rows: Int, h: UnsafeMutablePointer<Float>,
        mlp: UnsafeMutablePointer<Float>
    ) {
        layerNorm(x, ldx: dimension, l.norm2, rows: rows, into: h, ldy: dimension)
        apply(l.up, h, ldx: dimension, rows: rows, into: mlp, ldy: l.up.out)
        GELU.apply(mlp, count: rows * l.up.out)
        apply(l.down, mlp, ldx: l.up.out, rows: rows, into: x, ldy: dimension, accumulate: true)
    }

    /// Multi-head scaled dot-product attention of one image's first `queries` tokens:
    /// context (queries × d) = softmax(q kᵀ / √dh) v, head by head.
    /// qkv: tokens × 3d (each row q | k | v, heads side by side); scores: queries × tokens scratch.
    func attention(
        _ qkv: UnsafePointer<Float>, queries: Int, into context: UnsafeMutablePointer<Float>,
        scores: UnsafeMutablePointer<Float>
    ) {
        let t = tokens, d = dimension, dh = d / heads
        let scale = 1 / Float(dh).squareRoot()
        for head in 0..<heads {
            let q = qkv + head * dh, k = q + d, v = q + 2 * d
            BLAS.gemm(
                false, true, m: queries, n: t, k: dh, alpha: scale, q, lda: 3 * d, k, ldb: 3 * d, beta: 0, scores,
                ldc: t)
            for r in 0..<queries {
                let row = scores + r * t
                var m = -Float.infinity
                for c in 0..<t { m = max(m, row[c]) }
                var sum: Float = 0
                for c in 0..<t { let e = exp(row[c] - m); row[c] = e; sum += e }
                let inv = 1 / sum
                for c in 0..<t { row[c] *= inv }
            }
            BLAS.gemm(
                false, false, m: queries, n: dh, k: t, scores, lda: t, v, ldb: 3 * d, beta: 0, context + head * dh,
                ldc: d)
        }
    }
}
