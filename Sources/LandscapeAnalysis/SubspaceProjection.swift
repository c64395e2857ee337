import Foundation
import LandscapeCore
import LandscapeModel

/// Every object's loss, gradient and Hessian seen through P directions U = [u_1 … u_P] at θ̂,
/// exactly: ℓ_i, g_i = Uᵀ∇ℓ_i (P) and B_i = UᵀH_iU (P × P). The Gaussian-moment criteria
/// (`GaussianMoments`) need nothing else: with U the top eigenvectors they are the subspace
/// criterion in closed form; with Gaussian probes, Hutchinson estimates of the full-space one.
/// The run streams them into `ProjectedMoments` (O(P²) memory); this type keeps them per object.
///
/// How B_i is exact without P per-object Hessian-vector products: z is multilinear in the layers'
/// weights for fixed ReLU masks, so with r_i = p_i − e_{y_i}, δ_{p,i} = ∂ℓ_i/∂(pre-activation of
/// layer p) and R^{(l)}a the forward-mode tangent of direction l,
///   u_jᵀH_iu_l = (J_iu_j)ᵀA_i(J_iu_l) + C_i[j][l] + C_i[l][j],
///   C_i[j][l] = Σ_{p ≥ 2} δ_{p,i}·(U_{j,p} R^{(l)}a_{p−1,i}),
/// the Gauss–Newton part plus the pairs of layers that z's second derivative couples.
/// All P tangents run forward together, so each layer is one matrix product for the chunk.
public struct SubspaceProjection: Sendable {
    public let directions: Int
    public let count: Int
    /// ℓ_i(θ̂), m values.
    public let losses: [Double]
    /// m × P, row i = Uᵀ∇ℓ_i.
    public let gradients: [Double]
    /// m × P × P, block i = UᵀH_iU (symmetric).
    public let hessians: [Double]

    /// Per-object quantities given directly (a model whose losses are exactly quadratic in z).
    public init(losses: [Double], gradients: [Double], hessians: [Double], directions: Int) {
        precondition(gradients.count == losses.count * directions && hessians.count == gradients.count * directions)
        self.losses = losses
        self.gradients = gradients
        self.hessians = hessians
        self.directions = directions
        count = losses.count
    }

    /// `u`: P directions of length N (any norms; not necessarily orthogonal). Double throughout.
    public init(_ hvp: HessianVectorProduct, directions u: [[Double]]) {
        var gradients: [Double] = [], hessians: [Double] = []
        Self.stream(hvp.kernel, directions: u) { _, _, g, h in
            gradients += g
            hessians += h
        }
        self.init(losses: hvp.losses(), gradients: gradients, hessians: hessians, directions: u.count)
    }

    /// B_i[j][l].
    @inline(__always)
    public func hessian(_ i: Int, _ j: Int, _ l: Int) -> Double { hessians[(i * directions + j) * directions + l] }

    /// Objects per chunk of `stream`.
    static let chunk = 256

    /// The projections of `kernel`'s objects in chunks of `chunk`, computed in T: `body(start,
    /// rows, g, B)` with g rows × P and B rows × P × P (Double), in object order.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    static func stream<T: BLASScalar>(
        _ kernel: HessianProductKernel<T>, directions u: [[Double]], _ body: (Int, Int, [Double], [Double]) -> Void
    ) {
        let a = kernel.architecture, shapes = a.layerShapes, offsets = a.layerOffsets
        let P = u.count, K = a.classes, layers = shapes.count, m = kernel.count
        // Per layer p: U stacked by rows, (P·out) × in, and side by side, out × (P·in).
        let stacked: [[T]] = shapes.indices.map { p in
            let (o, i) = shapes[p]
            return u.flatMap { $0[offsets[p].weights..<(offsets[p].weights + o * i)].map { T($0) } }
        }
        let sideBySide: [[T]] = shapes.indices.map { p in
            let (o, i) = shapes[p]
            var out = [T](repeating: 0, count: o * P * i)
            for j in 0..<P {
                for r in 0..<o {
                    for c in 0..<i { out[r * P * i + j * i + c] = T(u[j][offsets[p].weights + r * i + c]) }
                }
            }
            return out
        }
        let parameters = kernel.parameters, probabilities = kernel.probabilities, labels = kernel.labels
        var start = 0
        while start < m {
            let b = min(chunk, m - start)
            // Forward tangents, object-major: ra[p] is b × P × out_p (post-mask; the last, the logits').
            var ra: [[T]] = []
            for p in 0..<layers {
                let (o, i) = shapes[p]
                var rz = [T](repeating: 0, count: b * P * o)
                kernel.input(p, start).withUnsafeBufferPointer { x in
                    T.gemm(false, true, m: b, n: P * o, k: i, alpha: 1, x.baseAddress!, stacked[p], beta: 0, &rz)
                }
                if p > 0 {
                    parameters.withUnsafeBufferPointer { w in
                        T.gemm(
                            false, true, m: b * P, n: o, k: i, alpha: 1, ra[p - 1], w.baseAddress! + offsets[p].weights,
                            beta: 1, &rz)
                    }
                }
                if a.bias {
                    for r in 0..<b {
                        for j in 0..<P { for c in 0..<o { rz[(r * P + j) * o + c] += T(u[j][offsets[p].bias + c]) } }
                    }
                }
                if p < layers - 1 {
                    let act = kernel.activations[p]
                    for r in 0..<b {
                        for c in 0..<o where act[(start + r) * o + c] <= 0 {
                            for j in 0..<P { rz[(r * P + j) * o + c] = 0 }
                        }
                    }
                }
                ra.append(rz)
            }
            // δ_L = p − e_y (b × K), then backward; C accumulates δ_p U_{j,p} · R^{(l)}a_{p−1} per object.
            var delta = [T](repeating: 0, count: b * K)
            for r in 0..<b {
                for c in 0..<K {
                    delta[r * K + c] = probabilities[(start + r) * K + c] - (c == Int(labels[start + r]) ? 1 : 0)
                }
            }
            var c = [T](repeating: 0, count: b * P * P)
            for p in stride(from: layers - 1, through: 1, by: -1) {
                let (o, i) = shapes[p]
                var y = [T](repeating: 0, count: b * P * i)
                T.gemm(false, false, m: b, n: P * i, k: o, alpha: 1, delta, sideBySide[p], beta: 0, &y)
                y.withUnsafeBufferPointer { yp in
                    ra[p - 1].withUnsafeBufferPointer { rp in
                        c.withUnsafeMutableBufferPointer { cp in
                            for r in 0..<b {
                                T.gemm(
                                    false, true, m: P, n: P, k: i, alpha: 1, yp.baseAddress! + r * P * i,
                                    rp.baseAddress! + r * P * i, beta: 1, cp.baseAddress! + r * P * P)
                            }
                        }
                    }
                }
                var next = [T](repeating: 0, count: b * i)
                parameters.withUnsafeBufferPointer { w in
                    T.gemm(
                        false, false, m: b, n: i, k: o, alpha: 1, delta, w.baseAddress! + offsets[p].weights, beta: 0,
                        &next)
                }
                let act = kernel.activations[p - 1]
                for r in 0..<b { for col in 0..<i where act[(start + r) * i + col] <= 0 { next[r * i + col] = 0 } }
                delta = next
            }
            // Per object: JU (P × K) are the logits' tangents; G = (JU)·A·(JU)ᵀ with A = diag(p) − ppᵀ.
            let logits = ra[layers - 1]
            var gradients = [Double](repeating: 0, count: b * P), hessians = [Double](repeating: 0, count: b * P * P)
            for r in 0..<b {
                let obj = start + r
                let prob = Array(probabilities[(obj * K)..<((obj + 1) * K)])
                let ju = Array(logits[(r * P * K)..<((r + 1) * P * K)])
                var aju = [T](repeating: 0, count: P * K)
                for j in 0..<P {
                    var pj: T = 0
                    for k in 0..<K { pj += prob[k] * ju[j * K + k] }
                    for k in 0..<K { aju[j * K + k] = prob[k] * (ju[j * K + k] - pj) }
                    var g: T = 0
                    for k in 0..<K { g += (prob[k] - (k == Int(labels[obj]) ? 1 : 0)) * ju[j * K + k] }
                    gradients[r * P + j] = Double(g)
                }
                var block = [T](repeating: 0, count: P * P)
                T.gemm(false, true, m: P, n: P, k: K, alpha: 1, ju, aju, beta: 0, &block)
                for j in 0..<P {
                    for l in 0..<P {
                        hessians[r * P * P + j * P + l] = Double(
                            block[j * P + l] + c[r * P * P + j * P + l] + c[r * P * P + l * P + j])
                    }
                }
            }
            body(start, b, gradients, hessians)
            start += b
        }
    }
}
