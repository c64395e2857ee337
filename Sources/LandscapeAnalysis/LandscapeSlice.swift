import LandscapeCore
import LandscapeModel

/// The paper's Figure 1 from real data: 1-D slices L_k(θ̂ + t·d) of the landscape for several
/// sample sizes k, along one random filter-normalised direction d (Li et al., 2018: each row of
/// each weight matrix of d is rescaled to the norm of the same row of θ̂).
public struct LandscapeSlice: Codable, Hashable, Sendable {
    public let t: [Double]
    public let sampleSizes: [Int]
    /// losses[j][i] = L_{sampleSizes[j]}(θ̂ + t[i]·d).
    public let losses: [[Double]]
}

extension LandscapeSlice {
    /// A random filter-normalised direction (Li et al., 2018): Gaussian, then each row of each
    /// weight matrix rescaled to the norm of the same row of θ̂ (biases, if any, left as drawn).
    public static func filterNormalisedDirection(_ network: MLP<Float>, _ rng: inout SeededGenerator) -> [Float] {
        let a = network.architecture
        var d = network.parameters.map { _ in Float(rng.nextGaussian()) }
        for (p, (o, i)) in a.layerShapes.enumerated() {
            let w = a.layerOffsets[p].weights
            for r in 0..<o {
                var dn: Float = 0, tn: Float = 0
                for c in 0..<i {
                    dn += d[w + r * i + c] * d[w + r * i + c];
                    tn += network.parameters[w + r * i + c] * network.parameters[w + r * i + c]
                }
                let scale = dn > 0 ? (tn / dn).squareRoot() : 0
                for c in 0..<i { d[w + r * i + c] *= scale }
            }
        }
        return d
    }

    /// Measures the slices of `network` (θ̂) over the first k of a random order of its objects.
    /// inputs: m × n; t runs over `steps` points of [−span, span].
    public static func measure(
        network: MLP<Float>, inputs: [Float], labels: [Int32], sampleSizes requested: [Int],
        steps: Int = 41, span: Double = 1, seed: UInt64
    ) -> LandscapeSlice {
        let a = network.architecture, m = labels.count
        var rng = SeededGenerator(seed: seed)
        let d = filterNormalisedDirection(network, &rng)
        let (x, y) = shuffledObjects(inputs: inputs, labels: labels, features: a.inputs, &rng)
        let sizes = requested.filter { $0 <= m }.sorted()
        let ts = (0..<steps).map { span * (2 * Double($0) / Double(steps - 1) - 1) }
        var table = [[Double]](repeating: [], count: sizes.count)
        for tv in ts {
            var shifted = network
            for j in 0..<d.count { shifted.parameters[j] += Float(tv) * d[j] }
            let means = prefixMeans(Evaluation.evaluate(shifted, inputs: x, labels: y).losses, at: sizes)
            for j in sizes.indices { table[j].append(means[j]) }
        }
        return LandscapeSlice(t: ts, sampleSizes: sizes, losses: table)
    }

    /// The objects in one random order drawn from `rng` (x: m × n, y: m), so ℒₖ over the first k
    /// is the mean over k random objects; shared by the slices and the surfaces.
    static func shuffledObjects(
        inputs: [Float], labels: [Int32], features n: Int, _ rng: inout SeededGenerator
    ) -> (x: [Float], y: [Int32]) {
        let m = labels.count
        var order = Array(0..<m)
        rng.shuffle(&order)
        var x = [Float](repeating: 0, count: m * n), y = [Int32](repeating: 0, count: m)
        for (j, src) in order.enumerated() {
            for c in 0..<n { x[j * n + c] = inputs[src * n + c] }
            y[j] = labels[src]
        }
        return (x, y)
    }

    /// ℒₖ = (1/k) Σ_{i≤k} ℓᵢ for each k of `sizes` (ascending, each ≤ losses.count), from one
    /// running sum.
    static func prefixMeans(_ losses: [Double], at sizes: [Int]) -> [Double] {
        var means: [Double] = [], running = 0.0
        for (k, loss) in losses.enumerated() where means.count < sizes.count {
            running += loss
            while means.count < sizes.count && k + 1 == sizes[means.count] { means.append(running / Double(k + 1)) }
        }
        return means
    }
}
