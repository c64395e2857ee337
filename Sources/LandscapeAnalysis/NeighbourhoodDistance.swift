import LandscapeCore
import LandscapeModel

/// The convergence distance over a neighbourhood of θ̂, not only at it. Since the exact mean
/// square E_π(ℒ_k(θ) − ℒ_m(θ))² = s²(θ)·(m − k)/(k(m − 1)) holds at every θ, its supremum over
/// the neighbourhood is the largest loss variance s²(θ) times the same factor. Measured at
/// θ̂ + α·d for random filter-normalised directions d (each weight row of d has its θ̂ row's norm,
/// so α = 1 moves every row by its own length) and radii α.
public struct NeighbourhoodDistance: Codable, Hashable, Sendable {
    /// The radii α.
    public let radii: [Double]
    public let directions: Int
    /// variances[r][j] = s²(θ̂ + radii[r]·d_j).
    public let variances: [[Double]]
    /// s²(θ̂).
    public let centre: Double

    /// The largest variance measured, θ̂ included.
    public var largestVariance: Double { variances.flatMap { $0 }.reduce(centre, max) }

    /// The largest exact root-mean-square distance over the neighbourhood at k of m.
    public func rootMeanSquare(k: Int, objects m: Int) -> Double {
        ConvergenceDistance.rootMeanSquare(variance: largestVariance, k: k, objects: m)
    }

    public static let defaultRadii = [0.05, 0.2]
    public static let defaultDirections = 4

    /// inputs: m × n row-major. Losses in Double from the Float network (as everywhere else).
    public static func measure(
        network: MLP<Float>, inputs: [Float], labels: [Int32], radii: [Double] = defaultRadii,
        directions: Int = defaultDirections, seed: UInt64
    ) -> NeighbourhoodDistance {
        var rng = SeededGenerator(seed: seed)
        let ds = (0..<directions).map { _ in LandscapeSlice.filterNormalisedDirection(network, &rng) }
        // A point whose losses overflow is recorded as the largest finite variance (results hold no inf).
        func variance(_ net: MLP<Float>) -> Double {
            let v = ConvergenceDistance.variance(Evaluation.evaluate(net, inputs: inputs, labels: labels).losses)
            return v.isFinite ? v : .greatestFiniteMagnitude
        }
        let table = radii.map { alpha in
            ds.map { d in
                var shifted = network
                for j in 0..<d.count { shifted.parameters[j] += Float(alpha) * d[j] }
                return variance(shifted)
            }
        }
        return NeighbourhoodDistance(radii: radii, directions: directions, variances: table, centre: variance(network))
    }
}
