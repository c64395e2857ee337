import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeExperiment

extension SpectrumCriterion: CriterionFindings {
    /// The spectral convergence rate against sampling's, and the exact trace against the probe
    /// estimates (a check of the products). The outlier count is the variants' theory finding
    /// (`spectrumFinding`), since the paper claims it.
    public static func findings(_ all: Findings) -> [Finding] {
        let measured = all.results.configurations.compactMap { c in
            c.criteria?[SpectrumCriterion.self].map { (c: c, s: $0) }
        }
        guard !measured.isEmpty else { return [] }
        var out: [Finding] = []
        let curves = measured.compactMap { m in m.s.convergence.map { (c: m.c, s: m.s, v: $0) } }
        let quantities: [(String, KeyPath<SpectralConvergence.Point, [Double]>)] = [
            ("W₁", \.wasserstein), ("‖H⁽ᵏ⁾ − H⁽ᵐ⁾‖₂", \.norm), ("λ_max", \.largest), ("outliers", \.outliers),
        ]
        var fits: [(String, Double, Double, Double)] = []
        for (c, s, v) in curves {
            for (name, path) in quantities {
                if let e = v.exponent(path, objects: s.objects) {
                    fits.append(("\(all.results.displayName(c.variant)) \(name)", e.value, e.lower, e.upper))
                }
            }
        }
        if !fits.isEmpty {
            let rate = SpectralConvergence.samplingExponent
            let faster = fits.filter { $0.2 > rate }.count, slower = fits.filter { $0.3 < rate }.count
            let allowed = Findings.chanceExclusions(fits.count)
            // Outliers against the bulk at the largest k: the outliers' mean relative error beside
            // W₁ relative to the spectrum's mean |λ|.
            let settling = curves.compactMap { c, s, v -> String? in
                guard let last = v.points.last, !last.outliers.isEmpty, !last.wasserstein.isEmpty else { return nil }
                let outliers = last.outliers.reduce(0, +) / Double(last.outliers.count)
                let bulk =
                    last.wasserstein.reduce(0, +) / Double(last.wasserstein.count)
                    / max(s.hessian.quadrature.meanAbsolute, 1e-300)
                return
                    "\(all.results.displayName(c.variant)) \(NumberFormat.fixed(100 * outliers, 1)) % against \(NumberFormat.fixed(100 * bulk, 1)) %"
            }
            out.append(
                Finding(
                    id: "run/spectral-convergence-rate", kind: .empirical,
                    claim:
                        "The spectrum of H⁽ᵏ⁾ converges to that of H⁽ᵐ⁾ at the sampling rate k^(−1/2) (W₁ between the spectral measures, the spectral norm of the difference, λ_max, the outliers).",
                    verdict: faster + slower <= allowed ? .supported : .contradicted,
                    statistic: .init(name: "exponents off k^(−1/2)", value: Double(faster + slower), of: fits.count),
                    evidence:
                        "fitted exponents a of d(k) ∝ k^(−a) over k = \(curves.first?.v.points.first?.k ?? 0)…\(curves.first?.v.points.last?.k ?? 0) (t-intervals over the orderings): "
                        + fits.map {
                            "\($0.0) \(NumberFormat.fixed($0.1, 2)) (\(NumberFormat.fixed($0.2, 2))–\(NumberFormat.fixed($0.3, 2)))"
                        }
                        .joined(separator: "; ")
                        + ". \(faster) faster and \(slower) slower than 1/2, of \(fits.count) intervals (up to \(allowed) would be chance at this many)."
                        + (settling.isEmpty
                            ? ""
                            : " At k = \(curves.first?.v.points.last?.k ?? 0), the outliers' mean relative error against W₁ ÷ ∫|λ| dμ of the bulk-dominated measure: "
                                + settling.joined(separator: "; ") + ".")))
        }
        // Hutch++ takes the outlying top exactly, so its error is nearly normal; Hutchinson's, dominated
        // by a few outliers' (u·z)² terms, is skewed and its sample error understated at 100 probes.
        let probes = measured.compactMap { m in m.s.hutchPlusPlus.map { (m.s.trace, $0, m.s.hutchinson) } }
        if !probes.isEmpty {
            let off = probes.filter { abs($0.1.value - $0.0) > 4 * $0.1.standardError }.count
            out.append(
                Finding(
                    id: "run/trace-identity", kind: .construction,
                    claim:
                        "Hutch++'s trace of H agrees with the exact trace of its Gauss–Newton part within 4 standard errors (tr H = tr G for a ReLU network).",
                    failures: off, checked: probes.count,
                    evidence:
                        probes.map { exact, plus, hutchinson in
                            "exact \(NumberFormat.general(exact)), Hutch++ \(NumberFormat.general(plus.value)) ± \(NumberFormat.general(plus.standardError))"
                                + (hutchinson.map {
                                    ", Hutchinson \(NumberFormat.general($0.value)) ± \(NumberFormat.general($0.standardError))"
                                } ?? "")
                        }.joined(separator: "; ")
                        + ". It checks the products and the identity (docs/spectrum.md), not the landscape."))
        }
        return out
    }
}
