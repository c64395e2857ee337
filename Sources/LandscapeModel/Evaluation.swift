/// Per-object results at θ̂ over a whole dataset, from one batched forward pass.
public struct Evaluation: Sendable {
    /// ℓ_i(θ̂) for every object, in Double.
    public let losses: [Double]
    /// argmax of each object's logits.
    public let predictions: [Int32]
    /// count × K, only when asked for.
    public let logits: [Double]?

    public var meanLoss: Double { losses.reduce(0, +) / Double(max(1, losses.count)) }

    public func accuracy(labels: [Int32]) -> Double {
        Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(max(1, labels.count))
    }

    /// Runs `network` over inputs (count×n) in chunks of `chunk` objects.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func evaluate<T: BLASScalar>(
        _ network: MLP<T>, inputs: [T], labels: [Int32], chunk: Int = 1000, keepLogits: Bool = false
    ) -> Evaluation {
        let a = network.architecture, n = a.inputs, k = a.classes, count = labels.count
        let ws = MLPWorkspace<T>(architecture: a, capacity: min(chunk, max(1, count)))
        var losses = [Double](repeating: 0, count: count)
        var predictions = [Int32](repeating: 0, count: count)
        var logits: [Double] = keepLogits ? [Double](repeating: 0, count: count * k) : []
        inputs.withUnsafeBufferPointer { x in
            var start = 0
            while start < count {
                let rows = min(ws.capacity, count - start)
                network.forward(x.baseAddress! + start * n, batch: rows, workspace: ws)
                for r in 0..<rows {
                    let z = ws.logits + r * k
                    losses[start + r] = SoftmaxCrossEntropy.loss(z, classes: k, label: Int(labels[start + r]))
                    var arg = 0
                    for c in 1..<k where z[c] > z[arg] { arg = c }
                    predictions[start + r] = Int32(arg)
                    if keepLogits { for c in 0..<k { logits[(start + r) * k + c] = Double(z[c]) } }
                }
                start += rows
            }
        }
        return Evaluation(losses: losses, predictions: predictions, logits: keepLogits ? logits : nil)
    }
}
