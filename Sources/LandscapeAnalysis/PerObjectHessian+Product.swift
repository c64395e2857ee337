import LandscapeCore
import LandscapeModel

extension PerObjectHessian {
    /// H_{objects[j]}·c for each coordinate vector c (length `dimension`), vectors[b] belonging to
    /// objects[owners[b]]. With V_p = u âᵀ + δ̂ wᵀ (the R-operator of the reverse pass, on one object):
    ///   forward   Rz_p = V_p a' + W_p Ra_{p−1} = ‖a'‖u + (w·a')δ̂ + W_p Ra_{p−1};  Ra_p = Rz_p ⊙ [a_p > 0]
    ///   output    Rδ_L = A Rz_L,  A = diag(p) − ppᵀ
    ///   backward  Rδ_{p−1} = (W_pᵀ Rδ_p + V_pᵀ δ_p) ⊙ [a_{p−1} > 0],  V_pᵀ δ_p = (u·δ_p)â + ‖δ_p‖w
    ///   gradient  R∇W'_p = Rδ_p a'ᵀ + δ_p Ra'ᵀ = (‖a'‖Rδ_p) âᵀ + δ̂ (‖δ_p‖Ra')ᵀ, written back with w ⊥ â.
    /// The products with W_p (B × in_p and B × out_p, B = vectors.count) are the only ones of
    /// size out_p·in_p; everything else is O(out_p + in_p) per vector.
    func apply(_ vectors: [[Double]], objects owners: [Int]) -> [[Double]] {
        let a = kernel.architecture, shapes = a.layerShapes, k = a.classes, count = vectors.count
        let last = shapes.count - 1
        var out = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: count)
        // Ra_p for every vector: count × out_p (the hidden layers), kept for the backward pass.
        var rA: [[Double]] = []
        var rz = [Double]()
        for p in shapes.indices {
            let (o, i) = shapes[p]
            rz = [Double](repeating: 0, count: count * o)
            if p > 0 {
                kernel.parameters.withUnsafeBufferPointer { w in
                    BLAS.gemm(
                        false, true, m: count, n: o, k: i, rA[p - 1], w.baseAddress! + a.layerOffsets[p].weights,
                        beta: 0, &rz)
                }
            }
            for b in 0..<count {
                let layer = layers[owners[b]][p], v = vectors[b], u = offsets[p], w = u + o
                var along = 0.0
                for r in 0..<layer.input.count { along += v[w + r] * layer.input[r] }
                along *= layer.inputNorm
                for r in 0..<o { rz[b * o + r] += layer.inputNorm * v[u + r] + along * layer.delta[r] }
            }
            if p < last {
                let act = kernel.activations[p]
                for b in 0..<count {
                    let row = objects[owners[b]] * o
                    for r in 0..<o where act[row + r] <= 0 { rz[b * o + r] = 0 }
                }
                rA.append(rz)
            }
        }
        // Rδ_L = p ⊙ (Rz − pᵀRz).
        var rDelta = rz
        for b in 0..<count {
            let pk = objects[owners[b]] * k
            var dot = 0.0
            for c in 0..<k { dot += kernel.probabilities[pk + c] * rz[b * k + c] }
            for c in 0..<k { rDelta[b * k + c] = kernel.probabilities[pk + c] * (rz[b * k + c] - dot) }
        }
        for p in stride(from: last, through: 0, by: -1) {
            let (o, i) = shapes[p]
            for b in 0..<count {
                let layer = layers[owners[b]][p], u = offsets[p], w = u + o, end = offsets[p + 1]
                // u' = ‖a'‖Rδ_p, w' = ‖δ_p‖Ra' (0 at the bias entry; Ra = 0 below the first layer),
                // then w' ⊥ â by moving its â part (w'·â)δ̂ into u'.
                for r in 0..<o { out[b][u + r] = layer.inputNorm * rDelta[b * o + r] }
                guard p > 0 else { continue }
                var along = 0.0
                for r in 0..<i {
                    let value = layer.deltaNorm * rA[p - 1][b * i + r]
                    out[b][w + r] = value
                    along += value * layer.input[r]
                }
                for r in w..<end { out[b][r] -= along * layer.input[r - w] }
                for r in 0..<o { out[b][u + r] += along * layer.delta[r] }
            }
            guard p > 0 else { break }
            var next = [Double](repeating: 0, count: count * i)
            kernel.parameters.withUnsafeBufferPointer { w in
                BLAS.gemm(
                    false, false, m: count, n: i, k: o, rDelta, w.baseAddress! + a.layerOffsets[p].weights,
                    beta: 0, &next)
            }
            let act = kernel.activations[p - 1]
            for b in 0..<count {
                let layer = layers[owners[b]][p], v = vectors[b], u = offsets[p], w = u + o
                let row = objects[owners[b]] * i
                // (u·δ_p) = ‖δ_p‖(u·δ̂).
                var along = 0.0
                for r in 0..<o { along += v[u + r] * layer.delta[r] }
                along *= layer.deltaNorm
                for r in 0..<i {
                    next[b * i + r] =
                        act[row + r] <= 0 ? 0 : next[b * i + r] + along * layer.input[r] + layer.deltaNorm * v[w + r]
                }
            }
            rDelta = next
        }
        return out
    }
}
