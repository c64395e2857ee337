import Foundation
import LandscapeCore

/// The top-D subspace criterion Δ₂⁽ᴰ⁾ (docs/criteria.md): the Gaussian criterion for perturbations
/// in the span of the top-D eigenvectors of H^(k_U), exact in closed form, and how far that span
/// moves between k_U/10 and k_U.
public enum SubspaceCriterion: Criterion {
    /// Δ₂⁽ᴰ⁾ for one D.
    public struct Dimension: Codable, Hashable, Sendable {
        public let dimension: Int
        /// The exact Gaussian moments in the span of the top-D eigenvectors of H^(k_U).
        public let moments: GaussianMoments
        /// ‖U_D(k_U/10)ᵀU_D(k_U)‖_F²/D: 1 when the subspace does not move between the two k.
        public let overlap: Double?
        /// Monte Carlo, one per σ (when the spec asks for it).
        public let monteCarlo: [MonteCarloCriterion]?
        /// Schema 7: the same moments in a random D-dimensional subspace (nested, like the top-D):
        /// the control that says whether the top eigenvectors carry more than any D directions would.
        public var randomControl: GaussianMoments? = nil
    }

    public struct Record: Codable, Hashable, Sendable {
        /// k_U: the eigenvectors are those of the mean Hessian over the first k_U objects.
        public let objects: Int
        /// One per D, ascending (look one up with `dimension(_:)`).
        public let dimensions: [Dimension]
        /// The top eigenvalues of H^(k_U) (as many as the largest D).
        public let topEigenvalues: [Double]

        public func dimension(_ d: Int) -> Dimension? { dimensions.first { $0.dimension == d } }
    }

    public static let name = CriterionName(rawValue: "subspace")

    public static func measure(_ s: CriterionSubject) -> Record? {
        let n = s.parameters, m = s.labels.count
        let dimensions = s.settings.resolvedDimensions(classes: s.network.architecture.classes, limit: n)
        guard let largest = dimensions.last else { return nil }
        let kU = min(m, s.settings.subspaceObjects)
        // D + 20 Lanczos steps: the outliers' Ritz pairs converge within them; the rest of the top D lie
        // in a dense bulk, where the Ritz vectors are an orthonormal basis of its top part.
        func top(_ k: Int) -> (values: [Double], vectors: [[Double]]) {
            Lanczos.topEigenvectors(
                dimension: n, count: largest, steps: min(n, largest + 20), seed: derivedSeed(s.seed, "subspace", "\(k)")
            ) {
                s.hvp.apply($0, objects: 0..<k)
            }
        }
        let (values, u) = top(kU)
        let earlier = kU >= 20 ? top(kU / 10).vectors : nil
        let projection = s.moments(u)
        var rng = SeededGenerator(seed: derivedSeed(s.seed, "random-subspace"))
        let random = s.moments(orthonormalised((0..<u.count).map { _ in (0..<n).map { _ in rng.nextGaussian() } }))
        let measured = dimensions.filter { $0 <= u.count }.map { d in
            let basis = Array(u.prefix(d))
            var dimension = Dimension(
                dimension: d, moments: GaussianMoments.subspace(projection, dimension: d),
                overlap: earlier.flatMap { e in e.count >= d ? overlap(Array(e.prefix(d)), basis) : nil },
                monteCarlo: s.settings.subspaceMonteCarlo
                    // At the largest σ only, where the perturbation's share is largest: it is there to
                    // compare with the full-space Monte Carlo like with like (a third of the cost).
                    ? s.monteCarlo("subspace-\(d)", sigmas: s.settings.sigmas.max().map { [$0] }) { rng in
                        var w = [Double](repeating: 0, count: n)
                        w.withUnsafeMutableBufferPointer { w in
                            for v in basis { let z = rng.nextGaussian(); for j in 0..<n { w[j] += z * v[j] } }
                        }
                        return w
                    } : nil)
            dimension.randomControl = GaussianMoments.subspace(random, dimension: d)
            return dimension
        }
        return Record(objects: kU, dimensions: measured, topEigenvalues: values)
    }

    /// Gram–Schmidt (twice, for orthogonality to rounding); a vector whose part orthogonal to the
    /// earlier ones is below 10⁻¹⁰ of its length is dependent on them and dropped.
    static func orthonormalised(_ vectors: [[Double]]) -> [[Double]] {
        var out: [[Double]] = []
        for v in vectors {
            var w = v
            for _ in 0..<2 {
                for q in out {
                    let c = BLAS.dot(w.count, w, q)
                    for j in w.indices { w[j] -= c * q[j] }
                }
            }
            let norm = BLAS.dot(w.count, w, w).squareRoot()
            guard norm > 1e-10 * BLAS.dot(v.count, v, v).squareRoot() else { continue }
            out.append(w.map { $0 / norm })
        }
        return out
    }

    /// ‖Aᵀ B‖_F² / D for two orthonormal D-frames: the mean squared cosine of their principal angles.
    public static func overlap(_ a: [[Double]], _ b: [[Double]]) -> Double {
        var s = 0.0
        for x in a { for y in b { let c = BLAS.dot(x.count, x, y); s += c * c } }
        return s / Double(a.count)
    }
}
