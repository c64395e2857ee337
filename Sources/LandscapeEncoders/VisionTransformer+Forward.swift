import Foundation
import LandscapeCore

extension VisionTransformer {
    /// The pooled output (dimension values) of one normalised 3 × imageSize × imageSize image.
    public func features(_ image: [Float]) -> [Float] {
        let d = dimension, t = tokens, grid = imageSize / patch, pp = patch * patch
        // Patches as rows of (channel, ky, kx), the order of the projection's weights.
        var patches = [Float](repeating: 0, count: (t - 1) * 3 * pp)
        for py in 0..<grid { for px in 0..<grid {
            let row = (py * grid + px) * 3 * pp
            for c in 0..<3 { for ky in 0..<patch { for kx in 0..<patch {
                patches[row + (c * patch + ky) * patch + kx] = image[(c * imageSize + py * patch + ky) * imageSize + px * patch + kx]
            } } }
        } }
        let embedded = apply(patchEmbedding, patches, rows: t - 1)
        var x = [Float](repeating: 0, count: t * d)
        for c in 0..<d { x[c] = cls[c] + positions[c] }
        for i in 0..<((t - 1) * d) { x[d + i] = embedded[i] + positions[d + i] }
        for layer in layers {
            let h = layerNorm(x, layer.norm1, rows: t)
            let context = attention(q: apply(layer.query, h, rows: t), k: apply(layer.key, h, rows: t), v: apply(layer.value, h, rows: t))
            let attended = apply(layer.output, context, rows: t)
            for i in x.indices { x[i] += attended[i] }
            var inner = apply(layer.up, layerNorm(x, layer.norm2, rows: t), rows: t)
            for i in inner.indices { inner[i] = 0.5 * inner[i] * (1 + erf(inner[i] * 0.70710678118654752)) } // exact GELU
            let mlp = apply(layer.down, inner, rows: t)
            for i in x.indices { x[i] += mlp[i] }
        }
        let normed = layerNorm(Array(x[0..<d]), finalNorm, rows: 1) // only [CLS] is pooled
        return apply(pooler, normed, rows: 1).map { tanh($0) }
    }

    /// Multi-head scaled dot-product attention. q, k, v: tokens × dimension → tokens × dimension.
    func attention(q: [Float], k: [Float], v: [Float]) -> [Float] {
        let t = tokens, d = dimension, dh = d / heads
        var context = [Float](repeating: 0, count: t * d)
        let scale = 1 / Float(dh).squareRoot()
        for head in 0..<heads {
            func slice(_ m: [Float]) -> [Float] {
                var out = [Float](repeating: 0, count: t * dh)
                for r in 0..<t { for c in 0..<dh { out[r * dh + c] = m[r * d + head * dh + c] } }
                return out
            }
            let qh = slice(q), kh = slice(k), vh = slice(v)
            var scores = [Float](repeating: 0, count: t * t)
            BLAS.gemm(false, true, m: t, n: t, k: dh, alpha: scale, qh, kh, beta: 0, &scores)
            for r in 0..<t {
                var m = -Float.infinity
                for c in 0..<t { m = max(m, scores[r * t + c]) }
                var sum: Float = 0
                for c in 0..<t { let e = exp(scores[r * t + c] - m); scores[r * t + c] = e; sum += e }
                for c in 0..<t { scores[r * t + c] /= sum }
            }
            var out = [Float](repeating: 0, count: t * dh)
            BLAS.gemm(false, false, m: t, n: dh, k: t, scores, vh, beta: 0, &out)
            for r in 0..<t { for c in 0..<dh { context[r * d + head * dh + c] = out[r * dh + c] } }
        }
        return context
    }
}
