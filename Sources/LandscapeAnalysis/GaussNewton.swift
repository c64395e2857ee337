import Foundation
import LandscapeCore
import LandscapeModel

/// The paper's G-term for each object, exactly: ‖J_iᵀ A_i J_i‖₂ with J_i = ∂z/∂θ (K × P) and
/// A_i = diag(p) − ppᵀ. Its nonzero spectrum is that of the K × K matrix Rᵀ(J_i J_iᵀ)R, where
/// A = R Rᵀ with R = diag(√p)(I − √p√pᵀ) (I − √p√pᵀ is a projection since Σp = 1), so each
/// object costs K backward passes and one K × K eigenvalue problem.
public enum GaussNewton {
    /// ‖J_iᵀ A_i J_i‖₂ for every object whose activations `hvp` holds.
    public static func perObjectNorms(_ hvp: HessianVectorProduct) -> [Double] { perObject(hvp).gaussNewton }

    /// For every object, ‖J_iᵀ A_i J_i‖₂ and the gradient norm ‖∇ℓ_i‖₂, both from the same
    /// K × K Gram: ∇ℓ_i = J_iᵀ r_i with r_i = p_i − e_{y_i}, so ‖∇ℓ_i‖² = r_iᵀ(J_i J_iᵀ)r_i.
    public static func perObject(_ hvp: HessianVectorProduct) -> (gaussNewton: [Double], gradient: [Double]) {
        let k = hvp.network.architecture.classes
        var norms = [Double](repeating: 0, count: hvp.count)
        var gradients = [Double](repeating: 0, count: hvp.count)
        for start in stride(from: 0, to: hvp.count, by: block) {
            let ids = start..<min(hvp.count, start + block)
            for (obj, gram) in zip(ids, grams(hvp, objects: ids)) {
                let p = Array(hvp.probabilities[(obj * k)..<((obj + 1) * k)])
                norms[obj] = largestEigenvalue(gram: gram, probabilities: p)
                let r = p.indices.map { p[$0] - ($0 == Int(hvp.labels[obj]) ? 1 : 0) }
                var squared = 0.0
                for i in 0..<k { for j in 0..<k { squared += r[i] * gram[i * k + j] * r[j] } }
                gradients[obj] = max(0, squared).squareRoot()
            }
        }
        return (norms, gradients)
    }

    /// Objects per block: the K backward passes of a block's objects are one matrix product per layer.
    static let block = 64

    /// tr(J_{i,p}ᵀ A_i J_{i,p}) for every object i (rows) and weight layer p (columns): the trace of
    /// layer p's diagonal block of the G-term. For a ReLU network it is also the trace of that
    /// block of the full ∇²ℓ_i: z is piecewise linear in each single parameter, so the curvature
    /// term Σ_c (∂ℓ/∂z_c)∇²z_c has a zero diagonal (docs/spectrum.md).
    /// Objects go in blocks of 64: the K backward passes of a block are one product per layer
    /// ((64·K × out_p)·W_p), the trace is read off each Δ_p as Σ_c p_c‖Δ_c‖² − ‖Σ_c p_c Δ_c‖²
    /// (= tr(A Δ_pΔ_pᵀ)) times ‖a_{p−1}‖² (+1 with biases).
    public static func layerTraces(_ hvp: HessianVectorProduct) -> [[Double]] {
        let net = hvp.network, a = net.architecture, shapes = a.layerShapes, offsets = a.layerOffsets
        let k = a.classes, layers = shapes.count, count = hvp.count
        let x = hvp.x, activations = hvp.activations, probabilities = hvp.probabilities
        var traces = [[Double]](repeating: [Double](repeating: 0, count: layers), count: count)
        var delta = [Double](), next = [Double](), weighted = [Double](repeating: 0, count: shapes.map(\.out).max()!)
        for start in stride(from: 0, to: count, by: block) {
            let ids = start..<min(count, start + block), b = ids.count
            // Δ_L = I for each object of the block: (b·K) × K.
            delta = [Double](repeating: 0, count: b * k * k)
            for j in 0..<b { for c in 0..<k { delta[(j * k + c) * k + c] = 1 } }
            for p in stride(from: layers - 1, through: 0, by: -1) {
                let (o, i) = shapes[p]
                let input = p == 0 ? x : activations[p - 1]
                for (j, obj) in ids.enumerated() {
                    var squared = a.bias ? 1.0 : 0.0
                    for c in 0..<i { squared += input[obj * i + c] * input[obj * i + c] }
                    var s = 0.0
                    for c in 0..<o { weighted[c] = 0 }
                    for c in 0..<k {
                        let pc = probabilities[obj * k + c], row = (j * k + c) * o
                        for d in 0..<o {
                            s += pc * delta[row + d] * delta[row + d]
                            weighted[d] += pc * delta[row + d]
                        }
                    }
                    for d in 0..<o { s -= weighted[d] * weighted[d] }
                    traces[start + j][p] = squared * s
                }
                if p == 0 { break }
                next = [Double](repeating: 0, count: b * k * i)
                net.parameters.withUnsafeBufferPointer { w in
                    let weights = w.baseAddress! + offsets[p].weights
                    BLAS.gemm(false, false, m: b * k, n: i, k: o, delta, weights, beta: 0, &next)
                }
                let act = activations[p - 1]
                for (j, obj) in ids.enumerated() {
                    for c in 0..<i where act[obj * i + c] <= 0 { for r in 0..<k { next[(j * k + r) * i + c] = 0 } }
                }
                delta = next
            }
        }
        return traces
    }

    /// The neural-tangent Gram J_i J_iᵀ (K × K) of each object of `ids`: Σ_p (Δ_p Δ_pᵀ)·(‖a_{p−1}‖² + [bias]),
    /// summed from the last layer down, where Δ_p (K × out_p) holds ∂z_c/∂(pre-activation of layer p)
    /// for each class c; Δ_L = I. The block's Δ_p are one (b·K × out_p) matrix.
    static func grams(_ hvp: HessianVectorProduct, objects ids: Range<Int>) -> [[Double]] {
        let net = hvp.network, a = net.architecture, shapes = a.layerShapes, offsets = a.layerOffsets
        let k = a.classes, n = a.inputs, b = ids.count
        var grams = [[Double]](repeating: [Double](repeating: 0, count: k * k), count: b)
        var delta = [Double](repeating: 0, count: b * k * k)
        for j in 0..<b { for c in 0..<k { delta[(j * k + c) * k + c] = 1 } }
        var layer = [Double](repeating: 0, count: k * k)
        for p in stride(from: shapes.count - 1, through: 0, by: -1) {
            let (o, i) = shapes[p]
            delta.withUnsafeBufferPointer { d in
                for (j, obj) in ids.enumerated() {
                    let squared = hvp.input(p, obj, 1, n).reduce(0) { $0 + $1 * $1 } + (a.bias ? 1 : 0)
                    let dj = d.baseAddress! + j * k * o
                    BLAS.gemm(false, true, m: k, n: k, k: o, alpha: squared, dj, dj, beta: 0, &layer)
                    for r in 0..<(k * k) { grams[j][r] += layer[r] }
                }
            }
            if p == 0 { break }
            var next = [Double](repeating: 0, count: b * k * i)
            net.parameters.withUnsafeBufferPointer { w in
                BLAS.gemm(
                    false, false, m: b * k, n: i, k: o, delta, w.baseAddress! + offsets[p].weights, beta: 0, &next)
            }
            let act = hvp.activations[p - 1]
            for (j, obj) in ids.enumerated() {
                for c in 0..<i where act[obj * i + c] <= 0 { for r in 0..<k { next[(j * k + r) * i + c] = 0 } }
            }
            delta = next
        }
        return grams
    }

    /// λ_max(A·G) for A = diag(p) − ppᵀ, through the symmetric Rᵀ G R.
    public static func largestEigenvalue(gram g: [Double], probabilities p: [Double]) -> Double {
        let k = p.count
        let s = p.map { $0.squareRoot() }
        // R = diag(s)(I − s sᵀ): R[r][c] = s_r·(δ_rc − s_r s_c).
        var r = [Double](repeating: 0, count: k * k)
        for i in 0..<k { for j in 0..<k { r[i * k + j] = s[i] * ((i == j ? 1 : 0) - s[i] * s[j]) } }
        var gr = [Double](repeating: 0, count: k * k), c = [Double](repeating: 0, count: k * k)
        BLAS.gemm(false, false, m: k, n: k, k: k, g, r, beta: 0, &gr)
        BLAS.gemm(true, false, m: k, n: k, k: k, r, gr, beta: 0, &c)
        return (try? LAPACK.symmetricEigenvalues(c, n: k).last) ?? .nan
    }
}
