import Foundation

/// What the criteria beyond the paper compute (docs/criteria.md). Part of the experiment spec.
public struct CriteriaSettings: Codable, Hashable, Sendable {
    /// Which criteria (`Criteria.all` by name); empty turns the section off.
    public var kinds: [CriterionName] = CriterionName.allCases
    /// Perturbation scales σ.
    /// σ = 0.1 moved the weights 0.57–2.3× the whole training displacement (σ√N ÷ ‖θ̂ − θ_init‖),
    /// which is no longer a neighbourhood of θ̂; the defaults stop at 10⁻².
    public var sigmas: [Double] = [1e-4, 1e-3, 1e-2]
    /// Subspace dimensions D: a number, "K" (the classes) or a multiple such as "4K".
    public var dimensions: [String] = ["1", "K", "4K"]
    /// Monte-Carlo draws B per σ.
    public var draws = 64
    /// Gaussian probes for the Hutchinson traces of the full-space closed form.
    /// 64: the closed form's Hutchinson noise then sits well below the Monte Carlo's, so the
    /// closed-form subspace ÷ full ratio compares like with like.
    public var probes = 64
    /// The top-D eigenvectors are those of H^(k) at this k (and, for the overlap, at k/10).
    public var subspaceObjects = 1_000
    /// Also estimate Δ₂⁽ᴰ⁾ by Monte Carlo at the largest σ (B forward passes per D; the closed form
    /// is exact for the quadratic part and costs no passes), to compare with the full-space Monte
    /// Carlo like with like.
    public var subspaceMonteCarlo = true
    /// Decay exponents are fitted on sampled k ≥ this.
    public var tailFrom = 100
    /// Thresholds ε of the sufficient sample size k*(ε).
    public var epsilons: [Double] = [1e-2, 1e-3, 1e-4]
    /// The spectrum (docs/spectrum.md): SLQ runs and Lanczos steps per run; the k < m whose
    /// densities are drawn besides m's; Hutchinson and Hutch++ products; orderings of the
    /// spectral-convergence curve (0: none).
    public var spectrumRuns = 10
    public var spectrumSteps = 80
    public var spectrumSizes = [100, 1_000]
    public var traceProbes = 100
    public var spectrumOrderings = 3
    /// Densities, traces by probes and convergence on every criteria network, not only on the
    /// paper figures' network (the rest get one SLQ run: outliers, extremes, per-layer, exact trace).
    public var spectrumEverywhere = false
    /// Every configuration whose Hessian is measured, not only the paper's two figure slices.
    public var allConfigurations = false

    public init() {}

    /// Keys a results file of an earlier schema lacks take their defaults (schema 8 added the
    /// spectrum's): a key added later never makes an older file unreadable.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = CriteriaSettings()
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try c.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        kinds = try value(.kinds, d.kinds)
        sigmas = try value(.sigmas, d.sigmas)
        dimensions = try value(.dimensions, d.dimensions)
        draws = try value(.draws, d.draws)
        probes = try value(.probes, d.probes)
        subspaceObjects = try value(.subspaceObjects, d.subspaceObjects)
        subspaceMonteCarlo = try value(.subspaceMonteCarlo, d.subspaceMonteCarlo)
        tailFrom = try value(.tailFrom, d.tailFrom)
        epsilons = try value(.epsilons, d.epsilons)
        spectrumRuns = try value(.spectrumRuns, d.spectrumRuns)
        spectrumSteps = try value(.spectrumSteps, d.spectrumSteps)
        spectrumSizes = try value(.spectrumSizes, d.spectrumSizes)
        traceProbes = try value(.traceProbes, d.traceProbes)
        spectrumOrderings = try value(.spectrumOrderings, d.spectrumOrderings)
        spectrumEverywhere = try value(.spectrumEverywhere, d.spectrumEverywhere)
        allConfigurations = try value(.allConfigurations, d.allConfigurations)
    }

    enum CodingKeys: String, CodingKey {
        case kinds, sigmas, dimensions, draws, probes, subspaceObjects, subspaceMonteCarlo, tailFrom, epsilons
        case spectrumRuns, spectrumSteps, spectrumSizes, traceProbes, spectrumOrderings, spectrumEverywhere
        case allConfigurations
    }

    /// Nothing computed (what results written before schema 5 did).
    public static var off: CriteriaSettings {
        var s = CriteriaSettings()
        s.kinds = []
        return s
    }

    public var isOn: Bool { !kinds.isEmpty }

    /// D for `classes` classes, ascending, distinct, each ≤ `limit` (the parameter count).
    public func resolvedDimensions(classes: Int, limit: Int) -> [Int] {
        Array(Set(dimensions.compactMap { Self.dimension($0, classes: classes) }.map { min($0, limit) })).sorted()
    }

    /// "1" → 1, "K" → classes, "4K" → 4·classes; nil for anything else.
    public static func dimension(_ text: String, classes: Int) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let n = Int(t), n >= 1 { return n }
        guard t.hasSuffix("K") || t.hasSuffix("k") else { return nil }
        let factor = t.dropLast()
        if factor.isEmpty { return classes }
        guard let f = Int(factor), f >= 1 else { return nil }
        return f * classes
    }
}
