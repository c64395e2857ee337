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
        let net = hvp.network, a = net.architecture, shapes = a.layerShapes, offsets = a.layerOffsets
        let k = a.classes, layers = shapes.count, n = a.inputs
        var norms = [Double](repeating: 0, count: hvp.count)
        var gradients = [Double](repeating: 0, count: hvp.count)
        for obj in 0..<hvp.count {
            // The neural-tangent Gram J Jᵀ = Σ_p (Δ_p Δ_pᵀ)·(‖a_{p−1}‖² + [bias]), where Δ_p (K × out_p)
            // holds ∂z_c/∂(pre-activation of layer p) for each class c; Δ_L = I.
            var gram = [Double](repeating: 0, count: k * k)
            var delta = (0..<(k * k)).map { $0 / k == $0 % k ? 1.0 : 0.0 }
            for p in stride(from: layers - 1, through: 0, by: -1) {
                let (o, i) = shapes[p]
                let input = hvp.input(p, obj, 1, n)
                let squared = input.reduce(0) { $0 + $1 * $1 } + (a.bias ? 1 : 0)
                delta.withUnsafeBufferPointer { d in
                    BLAS.gemm(
                        false, true, m: k, n: k, k: o, alpha: squared, d.baseAddress!, d.baseAddress!, beta: 1, &gram)
                }
                if p == 0 { break }
                var next = [Double](repeating: 0, count: k * i)
                net.parameters.withUnsafeBufferPointer { w in
                    BLAS.gemm(
                        false, false, m: k, n: i, k: o, delta, w.baseAddress! + offsets[p].weights, beta: 0, &next)
                }
                let act = hvp.activations[p - 1]
                for c in 0..<i where act[obj * i + c] <= 0 { for r in 0..<k { next[r * i + c] = 0 } }
                delta = next
            }
            let p = Array(hvp.probabilities[(obj * k)..<((obj + 1) * k)])
            norms[obj] = largestEigenvalue(gram: gram, probabilities: p)
            let r = p.indices.map { p[$0] - ($0 == Int(hvp.labels[obj]) ? 1 : 0) }
            var squared = 0.0
            for i in 0..<k { for j in 0..<k { squared += r[i] * gram[i * k + j] * r[j] } }
            gradients[obj] = max(0, squared).squareRoot()
        }
        return (norms, gradients)
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
