import Foundation
import LandscapeCore
import LandscapeModel

/// The Hessian ∇²ℓ_i(θ) of single objects' losses, on the small subspace where all its products
/// lie, so that its spectral norm costs two products with the weights per Lanczos step instead of
/// passes over all P parameters (docs/spectrum.md, "One object's Hessian").
///
/// Layer p's gradient for one object is the outer product ∇_{W'_p}ℓ_i = δ_p a'ᵀ_{p−1} (δ_p = ∂ℓ_i/∂z_p,
/// a' the layer's input, with a trailing 1 for the bias column), so every product H_i·v, the
/// R-derivative Rδ_p a'ᵀ + δ_p Ra'ᵀ, lies in S_p = {u âᵀ + δ̂ wᵀ : u ∈ ℝ^out, w ⊥ â} (hats: unit
/// vectors). The coordinates (u, w) are an isometry of S_p with the Frobenius inner product, since
/// ‖u âᵀ + δ̂ wᵀ‖² = ‖u‖² + ‖w‖² + 2(u·δ̂)(â·w) and â·w = 0. So H_i restricted to ⊕_p S_p is a
/// symmetric operator on ℝ^d, d = Σ_p (out_p + in'_p) (a few thousand at h = 1,024, against P in
/// the millions), with the same nonzero spectrum: range(H_i) ⊆ ⊕_p S_p.
public struct PerObjectHessian: Sendable {
    /// One object's layer p: the unit input â (in'_p) and its norm, the unit δ̂ (out_p) and its norm.
    struct Layer: Sendable {
        let input: [Double], inputNorm: Double
        let delta: [Double], deltaNorm: Double
    }

    let kernel: HessianProductKernel<Double>
    /// layers[j][p] for objects[j].
    let layers: [[Layer]]
    public let objects: [Int]

    /// Coordinates of one object's S = ⊕_p S_p: layer p's u (out_p) then w (in'_p).
    public var dimension: Int { offsets.last! }
    let offsets: [Int]

    /// The per-object factors of `objects` (indices into what `hvp` holds), from one backward pass.
    public init(_ hvp: HessianVectorProduct, objects: [Int]) {
        kernel = hvp.kernel
        self.objects = objects
        let a = kernel.architecture, shapes = a.layerShapes, extra = a.bias ? 1 : 0
        var offsets = [0]
        for (o, i) in shapes { offsets.append(offsets.last! + o + i + extra) }
        self.offsets = offsets
        let kernel = self.kernel
        layers = objects.map { obj in
            // δ_L = p − e_y; δ_{p−1} = (W_pᵀ δ_p) ⊙ [a_{p−1} > 0].
            var deltas = [[Double]](repeating: [], count: shapes.count)
            let k = a.classes
            deltas[shapes.count - 1] = (0..<k).map {
                kernel.probabilities[obj * k + $0] - ($0 == Int(kernel.labels[obj]) ? 1 : 0)
            }
            for p in stride(from: shapes.count - 1, to: 0, by: -1) {
                let (o, i) = shapes[p]
                var next = [Double](repeating: 0, count: i)
                kernel.parameters.withUnsafeBufferPointer { w in
                    BLAS.gemv(true, rows: o, cols: i, w.baseAddress! + a.layerOffsets[p].weights, deltas[p], &next)
                }
                for c in 0..<i where kernel.activations[p - 1][obj * i + c] <= 0 { next[c] = 0 }
                deltas[p - 1] = next
            }
            return shapes.indices.map { p in
                let i = shapes[p].in
                let input = Array(kernel.input(p, obj).prefix(i)) + (a.bias ? [1] : [])
                let (inputHat, inputNorm) = Self.unit(input), (deltaHat, deltaNorm) = Self.unit(deltas[p])
                return Layer(input: inputHat, inputNorm: inputNorm, delta: deltaHat, deltaNorm: deltaNorm)
            }
        }
    }

    static func unit(_ v: [Double]) -> ([Double], Double) {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? (v.map { $0 / norm }, norm) : (v.map { _ in 0 }, 0)
    }

    /// ‖H_i‖₂ for every object, by `steps` Lanczos steps each (all objects in lockstep, so the
    /// products with the weights are matrix products); seeds[j] draws objects[j]'s start.
    public func spectralNorms(steps: Int, seeds: [UInt64]) -> [Double] {
        let starts = objects.indices.map { j in
            var rng = SeededGenerator(seed: seeds[j])
            return project((0..<dimension).map { _ in rng.nextGaussian() }, object: j)
        }
        // S = {0} (a zero input, every layer's input zero, no bias) means H_i = 0: no Lanczos start.
        let live = objects.indices.filter { j in starts[j].contains { $0 != 0 } }
        var norms = [Double](repeating: 0, count: objects.count)
        let processes = Lanczos.tridiagonals(
            starts: live.map { starts[$0] }, steps: steps,
            indexed: { active, vectors in
                apply(vectors, objects: active.map { live[$0] })
            })
        for (j, t) in zip(live, processes) { norms[j] = Lanczos.spectralNorm(alpha: t.alpha, beta: t.beta) }
        return norms
    }

    /// The same matrices written with w ⊥ â (w's â part moves into u as (w·â)·δ̂), and the
    /// coordinates that stand for nothing (u where a' = 0, w where δ = 0) zeroed, as is the first
    /// layer's w (δ̂wᵀ with w ⊥ x is in H_i's null space: the input x does not move).
    /// `movingIntoU` false: w's â part is dropped instead (the orthogonal projection on S).
    func project(_ c: [Double], object j: Int, movingIntoU: Bool = true) -> [Double] {
        var c = c
        for (p, layer) in layers[j].enumerated() {
            let u = offsets[p], w = u + layer.delta.count, end = offsets[p + 1]
            if layer.inputNorm == 0 { for r in u..<w { c[r] = 0 } }
            if layer.deltaNorm == 0 || p == 0 { for r in w..<end { c[r] = 0 } }
            var along = 0.0
            for r in w..<end { along += c[r] * layer.input[r - w] }
            for r in w..<end { c[r] -= along * layer.input[r - w] }
            if movingIntoU { for r in u..<w { c[r] += along * layer.delta[r - u] } }
        }
        return c
    }
}

extension PerObjectHessian {
    /// The parameter-space vector (length P) that coordinates c of objects[j]'s S stand for:
    /// layer p's block V'_p = u âᵀ + δ̂ wᵀ (its last column the bias, with biases).
    public func embed(_ c: [Double], object j: Int) -> [Double] {
        let a = kernel.architecture, parameters = a.layerOffsets
        var v = [Double](repeating: 0, count: a.parameterCount)
        for (p, (o, i)) in a.layerShapes.enumerated() {
            let layer = layers[j][p], u = offsets[p], w = u + o, (weights, bias) = parameters[p]
            for r in 0..<o {
                let cu = c[u + r], d = layer.delta[r]
                for col in 0..<i { v[weights + r * i + col] = cu * layer.input[col] + d * c[w + col] }
                if a.bias { v[bias + r] = cu * layer.input[i] + d * c[w + i] }
            }
        }
        return v
    }

    /// H_{objects[j]}·c in the coordinates of its S (public for the tests that check it against
    /// the parameter-space products).
    public func product(_ c: [Double], object j: Int) -> [Double] { apply([c], objects: [j])[0] }
}

extension PerObjectHessian {
    /// The coordinates of the orthogonal projection of a parameter-space vector v (length P) on
    /// objects[j]'s S: u = V'ₚ â and w = (I − ââᵀ) V'ₚᵀ δ̂ per layer (the two parts of Sₚ are orthogonal).
    /// H_i v = H_i·(that projection), H_i being symmetric with its range in S.
    public func coordinates(of v: [Double], object j: Int) -> [Double] {
        let a = kernel.architecture, parameters = a.layerOffsets
        var c = [Double](repeating: 0, count: dimension)
        for (p, (o, i)) in a.layerShapes.enumerated() {
            let layer = layers[j][p], u = offsets[p], w = u + o, (weights, bias) = parameters[p]
            for r in 0..<o {
                var along = 0.0
                for col in 0..<i { along += v[weights + r * i + col] * layer.input[col] }
                if a.bias { along += v[bias + r] * layer.input[i] }
                c[u + r] = along
                let d = layer.delta[r]
                if d != 0 {
                    for col in 0..<i { c[w + col] += d * v[weights + r * i + col] }
                    if a.bias { c[w + i] += d * v[bias + r] }
                }
            }
        }
        return project(c, object: j, movingIntoU: false)
    }

    /// H_{objects[j]}·v for a parameter-space vector v: the projection on S, the product there, and back.
    public func parameterSpaceProduct(_ v: [Double], object j: Int) -> [Double] {
        embed(product(coordinates(of: v, object: j), object: j), object: j)
    }
}
