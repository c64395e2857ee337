import Foundation
import LandscapeCore
import LandscapeModel

/// Per-object losses ℓ_i(θ̂ + t·ε) for many scales t of one perturbation ε, sharing the first
/// layer's work: its pre-activation is X(W₁ + tE₁)ᵀ = XW₁ᵀ + t·XE₁ᵀ, and XW₁ᵀ is computed once per
/// network, XE₁ᵀ once per ε. The first layer is most of a pixel network's cost, and the Monte Carlo
/// evaluates each ε at every σ and with both signs (antithetic pairs). Float, like training.
struct PerturbedLosses {
    let network: MLP<Float>
    let inputs: [Float]
    let labels: [Int32]
    /// X·W₁ᵀ (+ b₁): m × h.
    let base: [Float]

    init(network: MLP<Float>, inputs: [Float], labels: [Int32]) {
        self.network = network
        self.inputs = inputs
        self.labels = labels
        base = Self.firstLayer(network.parameters, network.architecture, inputs, count: labels.count)
    }

    /// X·W₁ᵀ (+ b₁) for the first layer's block of `theta` (weights and bias as laid out in θ).
    static func firstLayer(_ theta: [Float], _ a: MLPArchitecture, _ x: [Float], count m: Int) -> [Float] {
        let (o, i) = a.layerShapes[0], offsets = a.layerOffsets[0]
        var z = [Float](repeating: 0, count: m * o)
        theta.withUnsafeBufferPointer { t in
            BLAS.gemm(false, true, m: m, n: o, k: i, x, t.baseAddress! + offsets.weights, beta: 0, &z)
            if a.bias { for r in 0..<m { for c in 0..<o { z[r * o + c] += t[offsets.bias + c] } } }
        }
        return z
    }

    /// ℓ_i(θ̂ + t·ε) for each t in `scales` (ε of length N, Double).
    func losses(direction epsilon: [Double], scales: [Double]) -> [[Double]] {
        let a = network.architecture, m = labels.count, h = a.layerShapes[0].out
        let e = epsilon.map(Float.init)
        let moved = Self.firstLayer(e, a, inputs, count: m)
        return scales.map { t in
            var theta = network.parameters
            for j in theta.indices { theta[j] = Float(Double(theta[j]) + t * epsilon[j]) }
            let tf = Float(t)
            var z = base
            // Through buffers: an array written in a loop pays a uniqueness check per element.
            z.withUnsafeMutableBufferPointer { z in for j in z.indices { z[j] = max(0, z[j] + tf * moved[j]) } }
            return rest(theta, firstActivations: z, width: h)
        }
    }

    /// Layers 2…L from the first layer's activations (m × h), then the losses.
    func rest(_ theta: [Float], firstActivations: [Float], width h: Int) -> [Double] {
        let a = network.architecture, shapes = a.layerShapes, offsets = a.layerOffsets, m = labels.count, k = a.classes
        var losses = [Double](repeating: 0, count: m)
        let chunk = 1_000
        theta.withUnsafeBufferPointer { t in
            var start = 0
            while start < m {
                let b = min(chunk, m - start)
                var input = Array(firstActivations[(start * h)..<((start + b) * h)])
                for p in 1..<shapes.count {
                    let (o, i) = shapes[p]
                    var z = [Float](repeating: 0, count: b * o)
                    BLAS.gemm(false, true, m: b, n: o, k: i, input, t.baseAddress! + offsets[p].weights, beta: 0, &z)
                    z.withUnsafeMutableBufferPointer { z in
                        if a.bias { for r in 0..<b { for c in 0..<o { z[r * o + c] += t[offsets[p].bias + c] } } }
                        if p < shapes.count - 1 { for j in z.indices where z[j] < 0 { z[j] = 0 } }
                    }
                    input = z
                }
                input.withUnsafeBufferPointer { z in
                    for r in 0..<b {
                        losses[start + r] = SoftmaxCrossEntropy.loss(
                            z.baseAddress! + r * k, classes: k, label: Int(labels[start + r]))
                    }
                }
                start += b
            }
        }
        return losses
    }
}
