import Foundation
import LandscapeAnalysis
import LandscapeExperiment

extension Findings {
    /// The paper approximates the full Hessian by its Gauss–Newton term. Measured on the sampled
    /// objects as max‖Hᵢ‖₂ ÷ max‖JᵢᵀAᵢJᵢ‖₂, at θ̂ and at θ_init: empirical, since the curvature
    /// term of a ReLU network could have been large at either point.
    func gaussNewtonFinding(_ d: Variant) -> Finding? {
        let measured = results.configurations.filter { $0.variant == d && $0.isTrained }
        func ratios(_ check: KeyPath<HessianMeasurement, HessianMeasurement.BoundCheck?>) -> [Double] {
            measured.compactMap { $0.hessian?[keyPath: check] }.filter { $0.gaussNewtonMax > 0 }.map {
                $0.fullMax / $0.gaussNewtonMax
            }.sorted()
        }
        let atMinimum = ratios(\.atMinimum), atInitialisation = ratios(\.atInitialisation)
        guard !atMinimum.isEmpty else { return nil }
        let close = atMinimum.filter { abs($0 - 1) <= Self.gaussNewtonTolerance }.count
        let seeds = Set(measured.filter { $0.hessian?.atMinimum != nil }.compactMap(\.globalSeed)).count
        func median(_ v: [Double], _ digits: Int) -> String {
            v.isEmpty ? "—" : NumberFormat.fixed(v[v.count / 2], digits)
        }
        return Finding(
            id: Self.id(d, "gauss-newton-approximation"), kind: .empirical,
            claim:
                "At θ̂ the Gauss–Newton term stands for the full per-object Hessian, as the paper's bound assumes: their largest norms agree within \(NumberFormat.fixed(100 * Self.gaussNewtonTolerance, 0)) %.",
            verdict: close == atMinimum.count ? .supported : close == 0 ? .contradicted : .inconclusive,
            statistic: Finding.Statistic(
                name: "networks within the tolerance", value: Double(close), of: atMinimum.count),
            evidence:
                "max‖Hᵢ‖₂ ÷ max‖JᵢᵀAᵢJᵢ‖₂ over the sampled objects is \(NumberFormat.range(atMinimum, digits: 3, fixed: true)) at θ̂ (median \(median(atMinimum, 3)); \(close) of \(atMinimum.count) trained networks within the tolerance) and \(NumberFormat.range(atInitialisation, digits: 3)) at θ_init (median \(median(atInitialisation, 0))): the approximation is one of the trained network, not of the architecture. The Hessian is measured on \(seeds == 1 ? "one seed's networks" : "the networks of \(seeds) seeds")."
        )
    }

    /// How close max‖Hᵢ‖ and max‖Gᵢ‖ must be for the G-term to stand for the Hessian.
    static let gaussNewtonTolerance = 0.1
}
