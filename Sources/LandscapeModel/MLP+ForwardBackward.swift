extension MLP {
    /// Forward pass. x: B×n (row-major) → workspace logits B×K.
    /// Per layer: Z = A_prev · Wᵀ (+ b), then ReLU in place for every layer but the last.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func forward(_ x: UnsafePointer<T>, batch: Int, workspace ws: MLPWorkspace<T>) {
        precondition(batch <= ws.capacity)
        let shapes = architecture.layerShapes, offsets = architecture.layerOffsets
        parameters.withUnsafeBufferPointer { theta in
            var input = x
            for p in 0..<shapes.count {
                let (o, i) = shapes[p]
                let z = ws.activations[p]
                T.gemm(
                    false, true, m: batch, n: o, k: i, alpha: 1, input, theta.baseAddress! + offsets[p].weights,
                    beta: 0, z)
                if architecture.bias {
                    let b = theta.baseAddress! + offsets[p].bias
                    for r in 0..<batch { for c in 0..<o { z[r * o + c] += b[c] } }
                }
                if p < shapes.count - 1 {
                    for j in 0..<(batch * o) where z[j] < 0 { z[j] = 0 }
                }
                input = UnsafePointer(z)
            }
        }
    }

    /// Backward pass after `forward` on the same x. dLogits: B×K (∂loss/∂z of the last layer,
    /// already scaled for a mean) → gradient: P, overwritten.
    /// Per layer p (last to first): dW = dZᵀ · A_prev, db = Σ_rows dZ, and unless p is the first,
    /// dZ_prev = (dZ · W) ⊙ [A_prev > 0] (ReLU's derivative, 0 at 0 as in PyTorch).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func backward(
        _ x: UnsafePointer<T>, batch: Int, workspace ws: MLPWorkspace<T>,
        dLogits: UnsafePointer<T>, gradient: UnsafeMutablePointer<T>
    ) {
        let shapes = architecture.layerShapes, offsets = architecture.layerOffsets
        parameters.withUnsafeBufferPointer { theta in
            var dz = dLogits
            var spare = (ws.deltas.0, ws.deltas.1)
            for p in stride(from: shapes.count - 1, through: 0, by: -1) {
                let (o, i) = shapes[p]
                let input = p == 0 ? x : UnsafePointer(ws.activations[p - 1])
                T.gemm(true, false, m: o, n: i, k: batch, alpha: 1, dz, input, beta: 0, gradient + offsets[p].weights)
                if architecture.bias {
                    let db = gradient + offsets[p].bias
                    for c in 0..<o { db[c] = 0 }
                    for r in 0..<batch { for c in 0..<o { db[c] += dz[r * o + c] } }
                }
                if p == 0 { break }
                let next = spare.0
                T.gemm(
                    false, false, m: batch, n: i, k: o, alpha: 1, dz, theta.baseAddress! + offsets[p].weights, beta: 0,
                    next)
                let a = ws.activations[p - 1]
                // A select, not a branch: the loop vectorises (a NaN activation keeps its δ, as before).
                for j in 0..<(batch * i) { next[j] = a[j] <= 0 ? 0 : next[j] }
                dz = UnsafePointer(next)
                spare = (spare.1, spare.0)
            }
        }
    }
}
