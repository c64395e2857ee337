import Foundation
import LandscapeCore
import LandscapeModel

/// The criteria beyond the paper on one trained network (docs/criteria.md): the Gaussian
/// criterion Δ₂ over the full space and the top-D subspace criterion Δ₂⁽ᴰ⁾, with the constants
/// their bounds need. Curves, bounds and k*(ε) follow from these (`CriteriaBounds`).
public struct CriteriaMeasurement: Codable, Hashable, Sendable {
    /// Δ₂⁽ᴰ⁾ for one D.
    public struct Subspace: Codable, Hashable, Sendable {
        public let dimension: Int
        /// The exact Gaussian moments in the span of the top-D eigenvectors of H^(k_U).
        public let moments: GaussianMoments
        /// ‖U_D(k_U/10)ᵀU_D(k_U)‖_F²/D: 1 when the subspace does not move between the two k.
        public let overlap: Double?
        /// Monte Carlo, one per σ (when the spec asks for it).
        public let monteCarlo: [MonteCarloCriterion]?
    }

    /// m and N.
    public let objects: Int
    public let parameters: Int
    /// k_U: the eigenvectors are those of the mean Hessian over the first k_U objects.
    public let subspaceObjects: Int
    /// Δ₂ by Monte Carlo, one per σ (look one up by its σ with `gaussian(sigma:)`).
    public let gaussian: [MonteCarloCriterion]
    /// The full-space Gaussian moments, Hutchinson estimates from `probes` probes.
    public let gaussianMoments: GaussianMoments?
    public let probes: Int
    public let subspace: [Subspace]
    /// The top eigenvalues of H^(k_U) (as many as the largest D).
    public let topEigenvalues: [Double]
    /// M_ℓ, M_g (largest per-object gradient norm) and M_H (largest measured per-object Hessian
    /// norm) at θ̂; log₁₀ of Theorem 1's M_H.
    public let largestLoss: Double

    public let largestGradient: Double
    public let largestHessian: Double
    public let theoremOneLog10: Double

    /// The Monte-Carlo criterion measured at `sigma` (records are keyed by their σ, never by position).
    public func gaussian(sigma: Double) -> MonteCarloCriterion? { gaussian.first { $0.sigma == sigma } }

    /// Measures the criteria on `network` (θ̂) over its objects (inputs: m × n). `sampled`: the
    /// k-indices t (k = t + 1) the curves are kept at.
    public static func measure(
        network: MLP<Float>, inputs: [Float], labels: [Int32], settings: CriteriaSettings, sampled: [Int],
        permutations: Int, permutationSeed: UInt64, largestLoss: Double, largestGradient: Double,
        largestHessian: Double,
        theoremOne: LogValue, seed: UInt64
    ) -> CriteriaMeasurement {
        let a = network.architecture, n = a.parameterCount, m = labels.count
        let hvp = HessianVectorProduct(
            network: network.converted(to: Double.self), inputs: inputs.map(Double.init), labels: labels)
        func monteCarlo(
            _ tag: String, _ direction: @escaping (inout SeededGenerator) -> [Double]
        ) -> [MonteCarloCriterion] {
            MonteCarloCriterion.measure(
                network: network, inputs: inputs, labels: labels, sigmas: settings.sigmas, draws: settings.draws,
                permutations: permutations, permutationSeed: permutationSeed, sampled: sampled,
                tailFrom: settings.tailFrom, seed: derivedSeed(seed, "monte-carlo", tag), direction: direction)
        }
        var gaussian: [MonteCarloCriterion] = [], gaussianMoments: GaussianMoments? = nil
        if settings.kinds.contains(.gaussian) {
            gaussian = monteCarlo("full") { rng in (0..<n).map { _ in rng.nextGaussian() } }
            var rng = SeededGenerator(seed: derivedSeed(seed, "hutchinson"))
            let probeVectors = (0..<max(2, settings.probes)).map { _ in (0..<n).map { _ in rng.nextGaussian() } }
            gaussianMoments = GaussianMoments.hutchinson(SubspaceProjection(hvp, directions: probeVectors))
        }
        let dimensions = settings.resolvedDimensions(classes: a.classes, limit: n)
        let kU = min(m, settings.subspaceObjects)
        func record(_ subspace: [Subspace], topEigenvalues: [Double]) -> CriteriaMeasurement {
            CriteriaMeasurement(
                objects: m, parameters: n, subspaceObjects: kU, gaussian: gaussian, gaussianMoments: gaussianMoments,
                probes: settings.probes, subspace: subspace, topEigenvalues: topEigenvalues, largestLoss: largestLoss,
                largestGradient: largestGradient, largestHessian: largestHessian, theoremOneLog10: theoremOne.log10)
        }
        guard settings.kinds.contains(.subspace), let largest = dimensions.last else {
            return record([], topEigenvalues: [])
        }
        // D + 20 Lanczos steps: the outliers' Ritz pairs converge within them; the rest of the top D lie
        // in a dense bulk, where the Ritz vectors are an orthonormal basis of its top part.
        func top(_ k: Int) -> (values: [Double], vectors: [[Double]]) {
            Lanczos.topEigenvectors(
                dimension: n, count: largest, steps: min(n, largest + 20), seed: derivedSeed(seed, "subspace", "\(k)")
            ) {
                hvp.apply($0, objects: 0..<k)
            }
        }
        let (values, u) = top(kU)
        let earlier = kU >= 20 ? top(kU / 10).vectors : nil
        let projection = SubspaceProjection(hvp, directions: u)
        let subspace = dimensions.filter { $0 <= u.count }.map { d in
            let basis = Array(u.prefix(d))
            return Subspace(
                dimension: d, moments: GaussianMoments.subspace(projection, dimension: d),
                overlap: earlier.flatMap { e in e.count >= d ? Self.overlap(Array(e.prefix(d)), basis) : nil },
                monteCarlo: settings.subspaceMonteCarlo
                    ? monteCarlo("subspace-\(d)") { rng in
                        var w = [Double](repeating: 0, count: n)
                        for v in basis { let z = rng.nextGaussian(); for j in 0..<n { w[j] += z * v[j] } }
                        return w
                    } : nil)
        }
        return record(subspace, topEigenvalues: values)
    }

    /// ‖Aᵀ B‖_F² / D for two orthonormal D-frames: the mean squared cosine of their principal angles.
    public static func overlap(_ a: [[Double]], _ b: [[Double]]) -> Double {
        var s = 0.0
        for x in a { for y in b { let c = BLAS.dot(x.count, x, y); s += c * c } }
        return s / Double(a.count)
    }
}
