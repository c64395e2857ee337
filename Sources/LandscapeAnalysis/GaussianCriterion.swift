import Foundation
import LandscapeCore

/// The Gaussian criterion Δ₂(k; σ) over the full parameter space (docs/criteria.md): by Monte
/// Carlo at each σ, and its closed form from Hutchinson estimates of the Gaussian moments.
public enum GaussianCriterion: Criterion {
    public struct Record: Codable, Hashable, Sendable {
        /// Δ₂ by Monte Carlo, one per σ (look one up by its σ with `run(sigma:)`).
        public let runs: [MonteCarloCriterion]
        /// The full-space Gaussian moments, Hutchinson estimates from `probes` probes.
        public let moments: GaussianMoments
        public let probes: Int

        /// The Monte-Carlo criterion measured at `sigma` (records are keyed by their σ, never by position).
        public func run(sigma: Double) -> MonteCarloCriterion? { runs.first { $0.sigma == sigma } }
    }

    public static let name = CriterionName(rawValue: "gaussian")

    // N(0, I_N) perturbations; the probes are their own Gaussian stream (at least two, for a variance).
    public static func measure(_ s: CriterionSubject) -> Record? {
        let n = s.parameters
        let runs = s.monteCarlo("full") { rng in (0..<n).map { _ in rng.nextGaussian() } }
        var rng = SeededGenerator(seed: derivedSeed(s.seed, "hutchinson"))
        let probes = (0..<max(2, s.settings.probes)).map { _ in (0..<n).map { _ in rng.nextGaussian() } }
        let moments = GaussianMoments.hutchinson(s.moments(probes))
        return Record(runs: runs, moments: moments, probes: s.settings.probes)
    }
}
