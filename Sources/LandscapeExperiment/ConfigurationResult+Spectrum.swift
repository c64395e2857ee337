import Foundation
import LandscapeAnalysis

extension ConfigurationResult {
    /// The spectrum criterion's record, when measured (schema 8).
    public var spectrum: SpectrumCriterion.Record? { criteria?[SpectrumCriterion.self] }

    /// ‖H^(k) − H^(m)‖₂ against k: the spectrum criterion's means over orderings (schema 8), else
    /// schema 7's over the first k objects.
    public var meanHessianDistances: [HessianMeasurement.DifferenceNorm]? {
        if let v = spectrum?.convergence {
            return v.mean(\.norm).map { HessianMeasurement.DifferenceNorm(k: $0.k, norm: $0.value) }
        }
        return hessian?.spectrum?.meanDistances
    }

    /// The largest eigenvalues of H^(k), descending, at each k measured (m last): the first SLQ
    /// run's Ritz values (schema 8, the converged ones), else schema ≤ 7's Lanczos tops.
    public func topEigenvalues(count: Int = 20) -> [(k: Int, values: [Double])] {
        func top(_ q: SpectralQuadrature) -> [Double] {
            guard let run = q.runs.first else { return [] }
            let scale = max(abs(q.largest), abs(q.smallest))
            return Array(
                zip(run.nodes, run.residuals).filter { $0.1 <= OutlierCount.tolerance * scale }.map(\.0).reversed()
                    .prefix(count))
        }
        if let s = spectrum {
            return s.densities.map { (k: $0.k, values: top($0.hessian)) } + [
                (k: s.objects, values: top(s.hessian.quadrature))
            ]
        }
        guard let s = hessian?.spectrum, let all = s.top else { return [] }
        return (s.atK ?? []).map { (k: $0.k, values: $0.top) } + [(k: finalK + 1, values: all)]
    }
}
