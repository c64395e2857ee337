import Foundation
import LandscapeCore

extension VisionTransformer {
    /// The pooled output (dimension values) of one normalised 3 × imageSize × imageSize image.
    public func features(_ image: [Float]) -> [Float] { features(batch: [image])[0] }

    /// Pooled outputs of several images at once: the linear layers run on all their tokens in
    /// one sgemm (each weight matrix is read once per batch, not once per image).
    public func features(batch images: [[Float]]) -> [[Float]] {
        let d = dimension, t = tokens, grid = imageSize / patch, pp = patch * patch, b = images.count
        // Patches as rows of (channel, ky, kx), the order of the projection's weights.
        var patches = [Float](repeating: 0, count: b * (t - 1) * 3 * pp)
        for (n, image) in images.enumerated() {
            for py in 0..<grid { for px in 0..<grid {
                let row = ((n * grid + py) * grid + px) * 3 * pp
                for c in 0..<3 { for ky in 0..<patch { for kx in 0..<patch {
                    patches[row + (c * patch + ky) * patch + kx] = image[(c * imageSize + py * patch + ky) * imageSize + px * patch + kx]
                } } }
            } }
        }
        let embedded = apply(patchEmbedding, patches, rows: b * (t - 1))
        var x = [Float](repeating: 0, count: b * t * d)
        for n in 0..<b {
            for c in 0..<d { x[n * t * d + c] = cls[c] + positions[c] }
            for i in 0..<((t - 1) * d) { x[n * t * d + d + i] = embedded[n * (t - 1) * d + i] + positions[d + i] }
        }
        let rows = b * t
        for layer in layers {
            let h = layerNorm(x, layer.norm1, rows: rows)
            let q = apply(layer.query, h, rows: rows), k = apply(layer.key, h, rows: rows), v = apply(layer.value, h, rows: rows)
            var context = [Float](repeating: 0, count: rows * d)
            for n in 0..<b {
                let range = (n * t * d)..<((n + 1) * t * d)
                context.replaceSubrange(range, with: attention(q: Array(q[range]), k: Array(k[range]), v: Array(v[range])))
            }
            let attended = apply(layer.output, context, rows: rows)
            add(attended, to: &x)
            var inner = apply(layer.up, layerNorm(x, layer.norm2, rows: rows), rows: rows)
            inner.withUnsafeMutableBufferPointer { p in
                for i in 0..<p.count { p[i] = 0.5 * p[i] * (1 + erf(p[i] * 0.70710678118654752)) } // exact GELU
            }
            add(apply(layer.down, inner, rows: rows), to: &x)
        }
        return (0..<b).map { n in
            let normed = layerNorm(Array(x[(n * t * d)..<(n * t * d + d)]), finalNorm, rows: 1) // only [CLS] is pooled
            return apply(pooler, normed, rows: 1).map { tanh($0) }
        }
    }

    func add(_ y: [Float], to x: inout [Float]) {
        x.withUnsafeMutableBufferPointer { xp in y.withUnsafeBufferPointer { yp in for i in 0..<xp.count { xp[i] += yp[i] } } }
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
            scores.withUnsafeMutableBufferPointer { sp in
                for r in 0..<t {
                    let row = sp.baseAddress! + r * t
                    var m = -Float.infinity
                    for c in 0..<t { m = max(m, row[c]) }
                    var sum: Float = 0
                    for c in 0..<t { let e = exp(row[c] - m); row[c] = e; sum += e }
                    let inv = 1 / sum
                    for c in 0..<t { row[c] *= inv }
                }
            }
            var out = [Float](repeating: 0, count: t * dh)
            BLAS.gemm(false, false, m: t, n: dh, k: t, scores, vh, beta: 0, &out)
            for r in 0..<t { for c in 0..<dh { context[r * d + head * dh + c] = out[r * dh + c] } }
        }
        return context
    }
}
