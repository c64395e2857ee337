import Foundation
import LandscapeCore
import LandscapeModel

/// The criteria beyond the paper on one trained network (docs/criteria.md): each registered
/// criterion's record (`Criteria.all`), with the constants their bounds need. Curves, bounds and
/// k*(ε) follow from these (`CriteriaBounds`).
public struct CriteriaMeasurement: Codable, Hashable, Sendable {
    /// m and N.
    public let objects: Int
    public let parameters: Int
    /// M_ℓ, M_g (largest per-object gradient norm) and M_H (largest measured per-object Hessian
    /// norm) at θ̂; log₁₀ of Theorem 1's M_H.
    public let largestLoss: Double
    public let largestGradient: Double
    public let largestHessian: Double
    public let theoremOneLog10: Double
    /// Each measured criterion's record, keyed by its name.
    public let records: CriterionRecords

    /// The record of `criterion`, when measured.
    public subscript<C: Criterion>(_ criterion: C.Type) -> C.Record? { records[criterion] }

    /// Δ₂ by Monte Carlo, one per σ (empty when the Gaussian criterion was not measured).
    public var gaussian: [MonteCarloCriterion] { self[GaussianCriterion.self]?.runs ?? [] }
    /// The Monte-Carlo criterion measured at `sigma` (records are keyed by their σ, never by position).
    public func gaussian(sigma: Double) -> MonteCarloCriterion? { self[GaussianCriterion.self]?.run(sigma: sigma) }
    public var gaussianMoments: GaussianMoments? { self[GaussianCriterion.self]?.moments }
    /// Δ₂⁽ᴰ⁾ per D (empty when the subspace criterion was not measured).
    public var subspace: [SubspaceCriterion.Dimension] { self[SubspaceCriterion.self]?.dimensions ?? [] }

    /// Measures every criterion the settings name, in the registry's order.
    public static func measure(
        _ subject: CriterionSubject, largestLoss: Double, largestGradient: Double, largestHessian: Double,
        theoremOne: LogValue
    ) -> CriteriaMeasurement {
        var records = CriterionRecords()
        for criterion in Criteria.all where subject.settings.kinds.contains(criterion.name) {
            measure(criterion, subject, into: &records)
        }
        return CriteriaMeasurement(
            objects: subject.labels.count, parameters: subject.parameters, largestLoss: largestLoss,
            largestGradient: largestGradient, largestHessian: largestHessian, theoremOneLog10: theoremOne.log10,
            records: records)
    }

    static func measure<C: Criterion>(_ criterion: C.Type, _ subject: CriterionSubject, into r: inout CriterionRecords)
    {
        r[criterion] = C.measure(subject)
    }
}
