import Foundation
import LandscapeCore
import LandscapeModel

/// Exact products H·v of the Hessian of the mean loss over a range of objects, in Double, by
/// Pearlmutter's R-operator: forward-mode differentiation (direction v) of the reverse-mode
/// gradient. No finite differences: H·v is exact up to rounding, both the Gauss–Newton term
/// and the curvature term, at any point where no ReLU sits exactly at 0.
public final class HessianVectorProduct: Sendable {
    public let network: MLP<Double>
    let x: [Double]
    let labels: [Int32]
    public let count: Int
    /// activations[p]: count × out_p for the hidden layers p = 0..L−2 (post-ReLU), then the logits.
    public let activations: [[Double]]
    /// Softmax probabilities, count × K.
    public let probabilities: [Double]

    /// Runs the forward pass once over all objects and keeps what H·v needs.
    /// inputs: count × n, row-major.
    public init(network: MLP<Double>, inputs: [Double], labels: [Int32]) {
        self.network = network
        x = inputs
        self.labels = labels
        let m = labels.count
        count = m
        let a = network.architecture, k = a.classes
        let ws = MLPWorkspace<Double>(architecture: a, capacity: max(1, m))
        inputs.withUnsafeBufferPointer { network.forward($0.baseAddress!, batch: m, workspace: ws) }
        activations = a.layerShapes.indices.map { p in
            Array(UnsafeBufferPointer(start: ws.activationsBuffer(p), count: m * a.layerShapes[p].out))
        }
        var probs = [Double](repeating: 0, count: count * k)
        let logits = activations.last!
        for i in 0..<m {
            let row = i * k
            var m = logits[row]
            for c in 1..<k { m = max(m, logits[row + c]) }
            var s = 0.0
            for c in 0..<k { probs[row + c] = Foundation.exp(logits[row + c] - m); s += probs[row + c] }
            for c in 0..<k { probs[row + c] /= s }
        }
        probabilities = probs
    }

    /// ℓ_i = −log p_{i,y_i} for every object, from the kept probabilities.
    public func losses() -> [Double] {
        let k = network.architecture.classes
        return (0..<count).map { -Foundation.log(max(probabilities[$0 * k + Int(labels[$0])], .leastNormalMagnitude)) }
    }

    /// H·v for the Hessian of (1/|objects|) Σ_{i ∈ objects} ℓ_i(θ). v and the result have length P.
    public func apply(_ v: [Double], objects: Range<Int>? = nil) -> [Double] {
        let r = objects ?? 0..<count
        let a = network.architecture, shapes = a.layerShapes, offsets = a.layerOffsets, k = a.classes, n = a.inputs
        let layers = shapes.count
        var out = [Double](repeating: 0, count: a.parameterCount)
        let chunk = 512
        var start = r.lowerBound
        let scale = 1 / Double(r.count)
        while start < r.upperBound {
            let b = min(chunk, r.upperBound - start)
            let rA = rForward(v, start: start, count: b)
            // Output: g = (p − e_y)/|objects|, Rg = (p ⊙ Rz − p·(pᵀRz))/|objects|.
            var delta = [Double](repeating: 0, count: b * k), rDelta = [Double](repeating: 0, count: b * k)
            let rz = rA[layers - 1]
            for row in 0..<b {
                let obj = start + row
                var dot = 0.0
                for c in 0..<k { dot += probabilities[obj * k + c] * rz[row * k + c] }
                for c in 0..<k {
                    let pc = probabilities[obj * k + c]
                    delta[row * k + c] = (pc - (c == Int(labels[obj]) ? 1 : 0)) * scale
                    rDelta[row * k + c] = pc * (rz[row * k + c] - dot) * scale
                }
            }
            // R-backward: R∇W_p = Rδ_pᵀ·a_{p−1} + δ_pᵀ·Ra_{p−1}; Rδ_{p−1} = (δ_p·V_p + Rδ_p·W_p) ⊙ mask.
            for p in stride(from: layers - 1, through: 0, by: -1) {
                let (o, i) = shapes[p]
                input(p, start, b, n).withUnsafeBufferPointer { ap in
                    out.withUnsafeMutableBufferPointer { g in
                        BLAS.gemm(
                            true, false, m: o, n: i, k: b, rDelta, ap.baseAddress!, beta: 1,
                            g.baseAddress! + offsets[p].weights)
                        if p > 0 {
                            BLAS.gemm(
                                true, false, m: o, n: i, k: b, delta, rA[p - 1], beta: 1,
                                g.baseAddress! + offsets[p].weights)
                        }
                    }
                }
                if a.bias { for row in 0..<b { for c in 0..<o { out[offsets[p].bias + c] += rDelta[row * o + c] } } }
                if p == 0 { break }
                var nextDelta = [Double](repeating: 0, count: b * i), nextR = [Double](repeating: 0, count: b * i)
                network.parameters.withUnsafeBufferPointer { w in
                    v.withUnsafeBufferPointer { vp in
                        BLAS.gemm(
                            false, false, m: b, n: i, k: o, delta, w.baseAddress! + offsets[p].weights, beta: 0,
                            &nextDelta)
                        BLAS.gemm(
                            false, false, m: b, n: i, k: o, delta, vp.baseAddress! + offsets[p].weights, beta: 0, &nextR
                        )
                        BLAS.gemm(
                            false, false, m: b, n: i, k: o, rDelta, w.baseAddress! + offsets[p].weights, beta: 1, &nextR
                        )
                    }
                }
                let act = activations[p - 1]
                for row in 0..<b {
                    for c in 0..<i where act[(start + row) * i + c] <= 0 {
                        nextDelta[row * i + c] = 0; nextR[row * i + c] = 0
                    }
                }
                delta = nextDelta
                rDelta = nextR
            }
            start += b
        }
        return out
    }

    /// ∇ℓ_i(θ)·v for every object: one forward-mode pass, ∇ℓ_i·v = (p_i − e_{y_i})·(J_i v).
    public func directionalDerivatives(_ v: [Double]) -> [Double] {
        let k = network.architecture.classes, last = network.architecture.layerShapes.count - 1
        var out = [Double](repeating: 0, count: count)
        var start = 0
        while start < count {
            let b = min(512, count - start)
            let rz = rForward(v, start: start, count: b)[last]
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

    /// R-forward for objects start..<start+count: per layer p, R{a_p} = J_p·v (count × out_p;
    /// the last is R{z}, the logits' directional derivative).
    /// Rz_p = a_{p−1}·V_pᵀ + Ra_{p−1}·W_pᵀ (+ Vb_p); Ra_p = Rz_p ⊙ [a_p > 0].
    func rForward(_ v: [Double], start: Int, count b: Int) -> [[Double]] {
        let a = network.architecture, shapes = a.layerShapes, offsets = a.layerOffsets, n = a.inputs
        let layers = shapes.count
        var rA: [[Double]] = []
        var previous: [Double]? = nil // Ra_{p−1}; nil for the input (Ra_0 = 0)
        for p in 0..<layers {
            let (o, i) = shapes[p]
            var rz = [Double](repeating: 0, count: b * o)
            input(p, start, b, n).withUnsafeBufferPointer { ap in
                v.withUnsafeBufferPointer { vp in
                    BLAS.gemm(
                        false, true, m: b, n: o, k: i, ap.baseAddress!, vp.baseAddress! + offsets[p].weights, beta: 0,
                        &rz)
                }
            }
            if let previous {
                network.parameters.withUnsafeBufferPointer { w in
                    BLAS.gemm(
                        false, true, m: b, n: o, k: i, previous, w.baseAddress! + offsets[p].weights, beta: 1, &rz)
                }
            }
            if a.bias { for row in 0..<b { for c in 0..<o { rz[row * o + c] += v[offsets[p].bias + c] } } }
            if p < layers - 1 {
                let act = activations[p]
                for row in 0..<b { for c in 0..<o where act[(start + row) * o + c] <= 0 { rz[row * o + c] = 0 } }
            }
            rA.append(rz)
            previous = rz
        }
        return rA
    }

    /// The rows of layer p's input for objects start..<start+b: x for p = 0, else a_{p−1}.
    func input(_ p: Int, _ start: Int, _ b: Int, _ n: Int) -> ArraySlice<Double> {
        if p == 0 { return x[(start * n)..<((start + b) * n)] }
        let width = network.architecture.layerShapes[p - 1].out
        return activations[p - 1][(start * width)..<((start + b) * width)]
    }
}
