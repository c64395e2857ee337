import LandscapeCore
import LandscapeModel

/// The paper's Figure 1 as Li et al. (2018) draw a loss landscape: ℒₖ on the plane through θ̂
/// spanned by two random filter-normalised directions, θ̂ + α·d₁ + β·d₂ with α, β on a square
/// grid over [−span, span], for several sample sizes k (the first k of one random order of the
/// objects, so every ℒₖ is a mean over k random objects and k = m is the full loss).
public struct LandscapeSurface: Codable, Hashable, Sendable {
    /// The grid's coordinates, shared by α and β (ascending, odd count, 0 in the middle).
    public let coordinates: [Double]
    public let sampleSizes: [Int]
    /// losses[j][b·n + a] = ℒ_{sampleSizes[j]}(θ̂ + coordinates[a]·d₁ + coordinates[b]·d₂), n the grid's side.
    public let losses: [[Double]]

    public var side: Int { coordinates.count }

    /// The grid sides a spec may ask for: odd (θ̂ itself on the grid) and at most 101 × 101.
    public static let sides = 3...101
}

extension LandscapeSurface {
    /// Measures the surface of `network` (θ̂). inputs: m × n row-major; the grid is side × side.
    /// The first layer is linear in its weights, so Z₁(α, β) = X·W₁ᵀ + α·X·D₁ᵀ + β·X·D₂ᵀ comes from
    /// three products made once; each grid point then runs only the layers after the first. With
    /// n ≫ h that first layer is nearly all of a forward pass, and the grid costs little more than
    /// three evaluations (a network with no hidden h × h layer is evaluated whole at each point).
    public static func measure(
        network: MLP<Float>, inputs: [Float], labels: [Int32], sampleSizes requested: [Int], side: Int,
        span: Double = 1, seed: UInt64
    ) -> LandscapeSurface {
        precondition(sides.contains(side) && side % 2 == 1, "surface side \(side): odd, in \(sides)")
        let a = network.architecture, m = labels.count, n = a.inputs, h = a.width
        var rng = SeededGenerator(seed: seed)
        let d1 = LandscapeSlice.filterNormalisedDirection(network, &rng)
        let d2 = LandscapeSlice.filterNormalisedDirection(network, &rng)
        let (x, y) = LandscapeSlice.shuffledObjects(inputs: inputs, labels: labels, features: n, &rng)
        let sizes = Array(Set(requested.filter { $0 >= 1 && $0 <= m })).sorted()
        let coordinates = (0..<side).map { span * (2 * Double($0) / Double(side - 1) - 1) }
        var table = [[Double]](repeating: [Double](repeating: 0, count: side * side), count: sizes.count)

        func record(_ losses: [Double], at point: Int) {
            for (j, mean) in LandscapeSlice.prefixMeans(losses, at: sizes).enumerated() { table[j][point] = mean }
        }

        guard a.hiddenLayers >= 1 else {
            for b in 0..<side {
                for i in 0..<side {
                    var shifted = network
                    let (alpha, beta) = (Float(coordinates[i]), Float(coordinates[b]))
                    for j in 0..<d1.count { shifted.parameters[j] += alpha * d1[j] + beta * d2[j] }
                    record(Evaluation.evaluate(shifted, inputs: x, labels: y).losses, at: b * side + i)
                }
            }
            return LandscapeSurface(coordinates: coordinates, sampleSizes: sizes, losses: table)
        }

        // The first layer's pre-activations along θ̂, d₁ and d₂ (m × h each, bias included).
        let first = a.layerOffsets[0], firstCount = a.bias ? first.bias + h : h * n
        func firstLayer(_ theta: [Float]) -> [Float] {
            var z = [Float](repeating: 0, count: m * h)
            x.withUnsafeBufferPointer { xp in
                theta.withUnsafeBufferPointer { t in
                    z.withUnsafeMutableBufferPointer { zp in
                        Float.gemm(
                            false, true, m: m, n: h, k: n, alpha: 1, xp.baseAddress!, t.baseAddress! + first.weights,
                            beta: 0, zp.baseAddress!)
                    }
                }
            }
            if a.bias { for r in 0..<m { for c in 0..<h { z[r * h + c] += theta[first.bias + c] } } }
            return z
        }
        let z0 = firstLayer(network.parameters), z1 = firstLayer(d1), z2 = firstLayer(d2)
        // The layers after the first: h → h, [h → h] × (L − 1), h → K, their parameters the tail of θ.
        let rest = MLPArchitecture(
            inputs: h, width: h, hiddenLayers: a.hiddenLayers - 1, classes: a.classes, bias: a.bias)
        let tail = Array(network.parameters[firstCount...]), t1 = Array(d1[firstCount...]),
            t2 = Array(d2[firstCount...])
        var hidden = [Float](repeating: 0, count: m * h)
        for b in 0..<side {
            for i in 0..<side {
                let (alpha, beta) = (Float(coordinates[i]), Float(coordinates[b]))
                for j in 0..<(m * h) { hidden[j] = max(0, z0[j] + alpha * z1[j] + beta * z2[j]) }
                var theta = tail
                for j in 0..<theta.count { theta[j] += alpha * t1[j] + beta * t2[j] }
                let net = MLP<Float>(architecture: rest, parameters: theta)
                record(Evaluation.evaluate(net, inputs: hidden, labels: y).losses, at: b * side + i)
            }
        }
        return LandscapeSurface(coordinates: coordinates, sampleSizes: sizes, losses: table)
    }

    /// |ℒₖ − ℒₘ| on the grid, for each k < m (m the largest size): how far the sample's surface
    /// lies from the full one, point by point.
    public var distancesFromFull: [(k: Int, values: [Double])] {
        guard let full = losses.last else { return [] }
        return zip(sampleSizes, losses).dropLast().map { k, l in (k, zip(l, full).map { abs($0 - $1) }) }
    }
}
