extension MLP {
    /// ‖∇_θ ℓ_i‖₂ for every object. x: count×n row-major, labels: count → count norms (Double).
    /// A layer's weight gradient for one object is the outer product δ_p,i a_{p−1,i}ᵀ, so its
    /// squared norm is ‖δ_p,i‖²·‖a_{p−1,i}‖² (plus ‖δ_p,i‖² for a bias): one batched forward and
    /// backward gives every object's norm without forming a gradient. δ_L = softmax − onehot.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func perObjectGradientNorms(_ x: [T], labels: [Int32], chunk: Int = 256) -> [Double] {
        let a = architecture, n = a.inputs, k = a.classes, count = labels.count
        precondition(x.count == count * n)
        let shapes = a.layerShapes, offsets = a.layerOffsets
        let ws = MLPWorkspace<T>(architecture: a, capacity: min(chunk, max(1, count)))
        var norms = [Double](repeating: 0, count: count)
        var dz = [T](repeating: 0, count: ws.capacity * (shapes.map(\.out).max() ?? k))
        var next = dz
        var start = 0
        while start < count {
            let rows = min(ws.capacity, count - start)
            x.withUnsafeBufferPointer { xs in
                let input = xs.baseAddress! + start * n
                forward(input, batch: rows, workspace: ws)
                // δ_L: ∂ℓ_i/∂z_i, one object at a time (a batch of one has no 1/B scale).
                labels.withUnsafeBufferPointer { y in
                    dz.withUnsafeMutableBufferPointer { d in
                        for r in 0..<rows {
                            _ = SoftmaxCrossEntropy.forwardBackward(
                                logits: ws.logits + r * k, labels: y.baseAddress! + start + r, batch: 1, classes: k,
                                dLogits: d.baseAddress! + r * k)
                        }
                    }
                }
                parameters.withUnsafeBufferPointer { theta in
                    for p in stride(from: shapes.count - 1, through: 0, by: -1) {
                        let (o, i) = shapes[p]
                        let prev = p == 0 ? input : UnsafePointer(ws.activations[p - 1])
                        for r in 0..<rows {
                            var dd = 0.0, aa = a.bias ? 1.0 : 0.0
                            for c in 0..<o { let v = Double(dz[r * o + c]); dd += v * v }
                            for c in 0..<i { let v = Double(prev[r * i + c]); aa += v * v }
                            norms[start + r] += dd * aa
                        }
                        if p == 0 { break }
                        // δ_{p−1} = (δ_p · W_p) ⊙ [a_{p−1} > 0].
                        next.withUnsafeMutableBufferPointer { nb in
                            dz.withUnsafeBufferPointer { db in
                                T.gemm(
                                    false, false, m: rows, n: i, k: o, alpha: 1, db.baseAddress!,
                                    theta.baseAddress! + offsets[p].weights, beta: 0, nb.baseAddress!)
                            }
                        }
                        let act = ws.activations[p - 1]
                        for j in 0..<(rows * i) where act[j] <= 0 { next[j] = 0 }
                        swap(&dz, &next)
                    }
                }
            }
            start += rows
        }
        return norms.map { $0.squareRoot() }
    }
}
