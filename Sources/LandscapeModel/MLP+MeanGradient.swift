extension MLP {
    /// ∇ℒ(θ) = (1/|objects|) Σ_{i ∈ objects} ∇ℓ_i(θ), the gradient of the mean loss over the rows
    /// `objects` of x (count×n row-major; all rows when nil) → P values, accumulated in Double over
    /// chunks of `chunk` objects. The training step's forward and backward passes, with each
    /// chunk's batch mean reweighted by rows/|objects|.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func meanGradient(_ x: [T], labels: [Int32], objects: Range<Int>? = nil, chunk: Int = 1024) -> [Double] {
        let a = architecture, n = a.inputs, k = a.classes
        precondition(x.count == labels.count * n)
        let range = objects ?? 0..<labels.count, count = range.count
        var total = [Double](repeating: 0, count: a.parameterCount)
        guard count > 0 else { return total }
        let ws = MLPWorkspace<T>(architecture: a, capacity: min(chunk, count))
        var dLogits = [T](repeating: 0, count: ws.capacity * k)
        var gradient = [T](repeating: 0, count: a.parameterCount)
        var start = range.lowerBound
        while start < range.upperBound {
            let rows = min(ws.capacity, range.upperBound - start)
            x.withUnsafeBufferPointer { xs in
                let input = xs.baseAddress! + start * n
                forward(input, batch: rows, workspace: ws)
                labels.withUnsafeBufferPointer { y in
                    _ = SoftmaxCrossEntropy.forwardBackward(
                        logits: ws.logits, labels: y.baseAddress! + start, batch: rows, classes: k, dLogits: &dLogits)
                }
                dLogits.withUnsafeBufferPointer { d in
                    backward(input, batch: rows, workspace: ws, dLogits: d.baseAddress!, gradient: &gradient)
                }
            }
            let weight = Double(rows) / Double(count)
            for j in total.indices { total[j] += weight * Double(gradient[j]) }
            start += rows
        }
        return total
    }
}
