import Foundation
import LandscapeCore
import LandscapeModel

/// Exact products of the mean Hessian over a range of objects (or of its Gauss–Newton part) with
/// a block of B vectors at once, in precision T, by Pearlmutter's R-operator: forward-mode
/// differentiation (direction v) of the reverse-mode gradient. The B vectors share every pass
/// over the objects: layer p's B direction blocks are stacked into one (B·out_p) × in_p matrix,
/// so a layer costs a few wide matrix products rather than B narrow ones. Exact up to rounding
/// at any point where no ReLU sits exactly at 0.
public struct HessianProductKernel<T: BLASScalar>: Sendable {
    public let architecture: MLPArchitecture
    let parameters: [T]
    /// count × n inputs; activations[p]: count × out_p for the hidden layers p = 0…L−2 (post-ReLU),
    /// then the logits; count × K softmax probabilities.
    let x: [T]
    let activations: [[T]]
    let probabilities: [T]
    let labels: [Int32]

    public var count: Int { labels.count }

    /// Objects per pass: the working set of one chunk stays in cache.
    static var chunk: Int { 512 }

    init(
        architecture: MLPArchitecture, parameters: [T], x: [T], activations: [[T]], probabilities: [T], labels: [Int32]
    ) {
        self.architecture = architecture
        self.parameters = parameters
        self.x = x
        self.activations = activations
        self.probabilities = probabilities
        self.labels = labels
    }

    /// The same products in precision U.
    public func converted<U: BLASScalar>(to: U.Type) -> HessianProductKernel<U> {
        HessianProductKernel<U>(
            architecture: architecture, parameters: parameters.map { U($0) }, x: x.map { U($0) },
            activations: activations.map { $0.map { U($0) } }, probabilities: probabilities.map { U($0) },
            labels: labels)
    }

    /// The products over `objects` (in that order).
    public func subset(_ objects: [Int]) -> HessianProductKernel {
        func rows(_ a: [T], _ width: Int) -> [T] {
            var out = [T]()
            out.reserveCapacity(objects.count * width)
            for i in objects { out.append(contentsOf: a[(i * width)..<((i + 1) * width)]) }
            return out
        }
        let a = architecture
        return HessianProductKernel(
            architecture: a, parameters: parameters, x: rows(x, a.inputs),
            activations: zip(activations, a.layerShapes).map { rows($0, $1.out) },
            probabilities: rows(probabilities, a.classes), labels: objects.map { labels[$0] })
    }

    /// Each layer's B direction blocks stacked: (B·out_p) × in_p, block b = v_b's weights of layer p;
    /// and the biases, B × out_p (empty without biases).
    func stacks(_ vs: [[Double]]) -> (weights: [[T]], biases: [[T]]) {
        let shapes = architecture.layerShapes, offsets = architecture.layerOffsets
        let weights = shapes.indices.map { p in
            let range = offsets[p].weights..<(offsets[p].weights + shapes[p].out * shapes[p].in)
            return vs.flatMap { v in v[range].map { T($0) } }
        }
        let biases =
            architecture.bias
            ? shapes.indices.map { p in vs.flatMap { v in (0..<shapes[p].out).map { T(v[offsets[p].bias + $0]) } } }
            : []
        return (weights, biases)
    }

    /// H·v_b — or G·v_b with `gaussNewton` — for each vector v_b (length P) and the mean loss
    /// over `objects`.
    @_specialize(exported:true,where T == Float)
    @_specialize(exported:true,where T == Double)
    public func apply(_ vs: [[Double]], objects: Range<Int>, gaussNewton: Bool = false) -> [[Double]] {
        apply(vs, objects: objects, gaussNewton: [Bool](repeating: gaussNewton, count: vs.count))
    }

    /// The same with one choice per vector: H·v_b where `gaussNewton[b]` is false, G·v_b where it
    /// is true (both operators' processes then share every pass over the objects).
    @_specialize(exported:true,where T == Float)
    @_specialize(exported:true,where T == Double)
    public func apply(_ vs: [[Double]], objects: Range<Int>, gaussNewton: [Bool]) -> [[Double]] {
        let a = architecture, shapes = a.layerShapes, offsets = a.layerOffsets, k = a.classes
        let vectors = vs.count, layers = shapes.count
        guard vectors > 0 else { return [] }
        precondition(gaussNewton.count == vectors)
        let curvature = gaussNewton.indices.filter { !gaussNewton[$0] }
        let (stacked, biases) = stacks(vs)
        var gradients = shapes.map { [T](repeating: 0, count: vectors * $0.out * $0.in) }
        var biasGradients = a.bias ? shapes.map { [T](repeating: 0, count: vectors * $0.out) } : []
        let scale = 1 / T(objects.count)
        var start = objects.lowerBound
        while start < objects.upperBound {
            let rows = min(Self.chunk, objects.upperBound - start)
            let rA = rForward(stacked, biases, start: start, rows: rows, vectors: vectors)
            // Output: δ = (p − e_y)/|objects| (one for all vectors), Rδ_b = p ⊙ (Rz_b − pᵀRz_b)/|objects|.
            var delta = [T](repeating: 0, count: rows * k), rDelta = [T](repeating: 0, count: rows * vectors * k)
            let rz = rA[layers - 1]
            rDelta.withUnsafeMutableBufferPointer { rDelta in
                for row in 0..<rows {
                    let obj = start + row, pk = obj * k
                    for c in 0..<k {
                        delta[row * k + c] = (probabilities[pk + c] - (c == Int(labels[obj]) ? 1 : 0)) * scale
                    }
                    for b in 0..<vectors {
                        let base = (row * vectors + b) * k
                        var dot: T = 0
                        for c in 0..<k { dot += probabilities[pk + c] * rz[base + c] }
                        for c in 0..<k { rDelta[base + c] = probabilities[pk + c] * (rz[base + c] - dot) * scale }
                    }
                }
            }
            // R-backward: R∇W_p = Rδ_pᵀ·a_{p−1} + δ_pᵀ·Ra_{p−1}; Rδ_{p−1} = (δ_p·V_p + Rδ_p·W_p) ⊙ mask.
            // The G-term keeps only the Rδ terms: the δ terms carry the curvature of z itself.
            for p in stride(from: layers - 1, through: 0, by: -1) {
                let (o, i) = shapes[p]
                let bo = vectors * o, bi = vectors * i
                input(p, start).withUnsafeBufferPointer { ap in
                    gradients[p].withUnsafeMutableBufferPointer { g in
                        T.gemm(
                            true, false, m: bo, n: i, k: rows, alpha: 1, rDelta, lda: bo, ap.baseAddress!, ldb: i,
                            beta: 1, g.baseAddress!, ldc: i)
                        guard p > 0 else { return }
                        rA[p - 1].withUnsafeBufferPointer { ra in
                            for b in curvature {
                                T.gemm(
                                    true, false, m: o, n: i, k: rows, alpha: 1, delta, lda: o, ra.baseAddress! + b * i,
                                    ldb: bi, beta: 1, g.baseAddress! + b * o * i, ldc: i)
                            }
                        }
                    }
                }
                if a.bias { for row in 0..<rows { for j in 0..<bo { biasGradients[p][j] += rDelta[row * bo + j] } } }
                if p == 0 { break }
                var nextDelta = [T](), nextR = [T](repeating: 0, count: rows * bi)
                parameters.withUnsafeBufferPointer { w in
                    let wp = w.baseAddress! + offsets[p].weights
                    T.gemm(false, false, m: rows * vectors, n: i, k: o, alpha: 1, rDelta, wp, beta: 0, &nextR)
                    guard !curvature.isEmpty else { return }
                    nextDelta = [T](repeating: 0, count: rows * i)
                    T.gemm(false, false, m: rows, n: i, k: o, alpha: 1, delta, wp, beta: 0, &nextDelta)
                    stacked[p].withUnsafeBufferPointer { vp in
                        nextR.withUnsafeMutableBufferPointer { r in
                            for b in curvature {
                                T.gemm(
                                    false, false, m: rows, n: i, k: o, alpha: 1, delta, lda: o,
                                    vp.baseAddress! + b * o * i, ldb: i, beta: 1, r.baseAddress! + b * i, ldc: bi)
                            }
                        }
                    }
                }
                let act = activations[p - 1]
                nextR.withUnsafeMutableBufferPointer { nr in
                    for row in 0..<rows {
                        for c in 0..<i where act[(start + row) * i + c] <= 0 {
                            if !curvature.isEmpty { nextDelta[row * i + c] = 0 }
                            for b in 0..<vectors { nr[(row * vectors + b) * i + c] = 0 }
                        }
                    }
                }
                delta = nextDelta
                rDelta = nextR
            }
            start += rows
        }
        return (0..<vectors).map { b in
            [Double](unsafeUninitializedCapacity: a.parameterCount) { out, initialised in
                for p in shapes.indices {
                    let size = shapes[p].out * shapes[p].in, o = shapes[p].out
                    gradients[p].withUnsafeBufferPointer { g in
                        for j in 0..<size { out[offsets[p].weights + j] = Double(g[b * size + j]) }
                    }
                    if a.bias { for c in 0..<o { out[offsets[p].bias + c] = Double(biasGradients[p][b * o + c]) } }
                }
                initialised = a.parameterCount
            }
        }
    }

    /// R-forward for `rows` objects from `start`: per layer p, R{a_p} = J_p·v_b, rows × (B·out_p)
    /// with vector b's columns at b·out_p (the last layer's is R{z}, the logits' derivative).
    /// Rz_p = a_{p−1}·V_pᵀ + Ra_{p−1}·W_pᵀ (+ Vb_p); Ra_p = Rz_p ⊙ [a_p > 0].
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func rForward(_ stacked: [[T]], _ biases: [[T]], start: Int, rows: Int, vectors: Int) -> [[T]] {
        let a = architecture, shapes = a.layerShapes, offsets = a.layerOffsets
        var rA: [[T]] = []
        for p in shapes.indices {
            let (o, i) = shapes[p]
            let bo = vectors * o
            var rz = [T](repeating: 0, count: rows * bo)
            input(p, start).withUnsafeBufferPointer { ap in
                T.gemm(
                    false, true, m: rows, n: bo, k: i, alpha: 1, ap.baseAddress!, lda: i, stacked[p], ldb: i, beta: 0,
                    &rz, ldc: bo)
            }
            if p > 0 {
                // Ra_{p−1} is (rows·B) × in_p: each (object, vector) pair is one row.
                parameters.withUnsafeBufferPointer { w in
                    T.gemm(
                        false, true, m: rows * vectors, n: o, k: i, alpha: 1, rA[p - 1], lda: i,
                        w.baseAddress! + offsets[p].weights, ldb: i, beta: 1, &rz, ldc: o)
                }
            }
            if a.bias { for row in 0..<rows { for j in 0..<bo { rz[row * bo + j] += biases[p][j] } } }
            if p < shapes.count - 1 {
                let act = activations[p]
                rz.withUnsafeMutableBufferPointer { rz in
                    for row in 0..<rows {
                        for c in 0..<o where act[(start + row) * o + c] <= 0 {
                            for b in 0..<vectors { rz[(row * vectors + b) * o + c] = 0 }
                        }
                    }
                }
            }
            rA.append(rz)
        }
        return rA
    }

    /// The rows of layer p's input for the chunk from `start`: x for p = 0, else a_{p−1}
    /// (the chunk's length is implied by the products that read it).
    func input(_ p: Int, _ start: Int) -> ArraySlice<T> {
        let width = p == 0 ? architecture.inputs : architecture.layerShapes[p - 1].out
        let source = p == 0 ? x : activations[p - 1]
        return source[(start * width)...]
    }
}
