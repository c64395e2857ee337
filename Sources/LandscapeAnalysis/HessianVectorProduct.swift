import Foundation
import LandscapeCore
import LandscapeModel

/// Exact products H·v of the Hessian of the mean loss over a range of objects, in Double, by
/// Pearlmutter's R-operator (`HessianProductKernel`, which also takes blocks of vectors and runs
/// in Float32). No finite differences: H·v is exact up to rounding, both the Gauss–Newton term
/// and the curvature term, at any point where no ReLU sits exactly at 0.
public final class HessianVectorProduct: Sendable {
    public let network: MLP<Double>
    /// The forward pass over every object, kept: what every product reads.
    public let kernel: HessianProductKernel<Double>
    public var count: Int { kernel.count }
    var x: [Double] { kernel.x }
    var labels: [Int32] { kernel.labels }
    /// activations[p]: count × out_p for the hidden layers p = 0..L−2 (post-ReLU), then the logits.
    public var activations: [[Double]] { kernel.activations }
    /// Softmax probabilities, count × K.
    public var probabilities: [Double] { kernel.probabilities }

    /// Runs the forward pass once over all objects and keeps what H·v needs.
    /// inputs: count × n, row-major.
    public init(network: MLP<Double>, inputs: [Double], labels: [Int32]) {
        self.network = network
        let m = labels.count
        let a = network.architecture, k = a.classes
        let ws = MLPWorkspace<Double>(architecture: a, capacity: max(1, m))
        inputs.withUnsafeBufferPointer { network.forward($0.baseAddress!, batch: m, workspace: ws) }
        let activations = a.layerShapes.indices.map { p in
            Array(UnsafeBufferPointer(start: ws.activationsBuffer(p), count: m * a.layerShapes[p].out))
        }
        var probs = [Double](repeating: 0, count: m * k)
        let logits = activations.last!
        for i in 0..<m {
            let row = i * k
            var m = logits[row]
            for c in 1..<k { m = max(m, logits[row + c]) }
            var s = 0.0
            for c in 0..<k { probs[row + c] = Foundation.exp(logits[row + c] - m); s += probs[row + c] }
            for c in 0..<k { probs[row + c] /= s }
        }
        kernel = HessianProductKernel(
            architecture: a, parameters: network.parameters, x: inputs, activations: activations,
            probabilities: probs, labels: labels)
    }

    init(network: MLP<Double>, kernel: HessianProductKernel<Double>) {
        self.network = network
        self.kernel = kernel
    }

    /// The products of the mean Hessian over `objects` (in that order), from the kept forward pass.
    public func subset(_ objects: [Int]) -> HessianVectorProduct {
        HessianVectorProduct(network: network, kernel: kernel.subset(objects))
    }

    /// ℓ_i = −log p_{i,y_i} for every object, from the kept probabilities.
    public func losses() -> [Double] {
        let k = network.architecture.classes
        return (0..<count).map { -Foundation.log(max(probabilities[$0 * k + Int(labels[$0])], .leastNormalMagnitude)) }
    }

    /// H·v for the Hessian of (1/|objects|) Σ_{i ∈ objects} ℓ_i(θ). v and the result have length P.
    /// `gaussNewton`: G·v for its Gauss–Newton part G = (1/|objects|) Σ J_iᵀ A_i J_i alone.
    public func apply(_ v: [Double], objects: Range<Int>? = nil, gaussNewton: Bool = false) -> [Double] {
        kernel.apply([v], objects: objects ?? 0..<count, gaussNewton: gaussNewton)[0]
    }

    /// ∇ℓ_i(θ)·v for every object: one forward-mode pass, ∇ℓ_i·v = (p_i − e_{y_i})·(J_i v).
    public func directionalDerivatives(_ v: [Double]) -> [Double] {
        let k = network.architecture.classes, last = network.architecture.layerShapes.count - 1
        let (stacked, biases) = kernel.stacks([v])
        var out = [Double](repeating: 0, count: count)
        var start = 0
        while start < count {
            let b = min(512, count - start)
            let rz = kernel.rForward(stacked, biases, start: start, rows: b, vectors: 1)[last]
            for row in 0..<b {
                let obj = start + row
                var d = 0.0
                for c in 0..<k { d += (probabilities[obj * k + c] - (c == Int(labels[obj]) ? 1 : 0)) * rz[row * k + c] }
                out[obj] = d
            }
            start += b
        }
        return out
    }

    /// The rows of layer p's input for objects start..<start+b: x for p = 0, else a_{p−1}.
    func input(_ p: Int, _ start: Int, _ b: Int, _ n: Int) -> ArraySlice<Double> {
        let width = p == 0 ? n : network.architecture.layerShapes[p - 1].out
        return (p == 0 ? x : activations[p - 1])[(start * width)..<((start + b) * width)]
    }
}
