import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeData

/// Invariants a results file must hold before anything draws or formats it: a results.json of
/// any commit is untrusted input (it arrives through `diff`, `render`, `publish`).
extension Results {
    /// Throws the first broken invariant, naming the configuration and the key.
    public func validate(file: String) throws {
        func fail(_ id: String?, _ problem: String) -> LandscapeError {
            LandscapeError(file: file, (id.map { "configuration \($0): " } ?? "") + problem)
        }
        if spec.widths.isEmpty || spec.depths.isEmpty || spec.datasets.isEmpty || spec.seeds.isEmpty {
            throw fail(nil, "spec: the grid is empty (widths, depths, datasets and seeds must each list a value)")
        }
        if let problem = spec.datasets.lazy.compactMap({ DatasetName.problem($0.rawValue) }).first {
            throw fail(nil, "spec: \(problem)")
        }
        // Every dataset is known from the file itself (built in, or declared in its spec), so the
        // report and a diff never need a descriptor from anywhere else.
        let known = spec.datasetDescriptors
        for name in spec.datasets + datasets.map(\.name) + configurations.map(\.dataset) where known[name] == nil {
            throw fail(nil, "spec: " + DatasetDescriptors.unknown(name.rawValue, declared: known.declared.map(\.name)))
        }
        var ids: Set<String> = []
        for c in configurations {
            try RunStore.checkComponent(c.id)
            guard ids.insert(c.id).inserted else { throw fail(c.id, "listed twice") }
            guard c.id == c.key.id else {
                throw fail(c.id, "id does not match its dataset, encoder, width, depth and seed (\(c.key.id))")
            }
            guard c.width >= 1, c.hiddenLayers >= 0, c.parameterCount >= 0 else {
                throw fail(c.id, "impossible architecture")
            }
            let curve = c.curve
            let n = curve.k.count
            guard n > 0 else { throw fail(c.id, "curve.k is empty") }
            guard
                [curve.mean.count, curve.spread.count, curve.ema.count, curve.emaStandardError.count].allSatisfy({
                    $0 == n
                })
            else {
                throw fail(c.id, "curve arrays (k, mean, spread, ema, emaStandardError) differ in length")
            }
            guard curve.k.first! >= 1, zip(curve.k, curve.k.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw fail(c.id, "curve.k must be positive and strictly ascending")
            }
            guard c.finalK >= 1 else { throw fail(c.id, "finalK must be positive") }
            try validateRecords(c, fail: fail)
            if let slice = c.slice {
                guard !slice.t.isEmpty, slice.losses.count == slice.sampleSizes.count,
                    slice.losses.allSatisfy({ $0.count == slice.t.count })
                else {
                    throw fail(c.id, "slice arrays (t, sampleSizes, losses) differ in length")
                }
            }
            if let surface = c.surface {
                let n = surface.coordinates.count
                guard LandscapeSurface.sides.contains(n), n % 2 == 1, !surface.sampleSizes.isEmpty,
                    surface.sampleSizes.first! >= 1,
                    zip(surface.sampleSizes, surface.sampleSizes.dropFirst()).allSatisfy({ $0 < $1 }),
                    surface.losses.count == surface.sampleSizes.count,
                    surface.losses.allSatisfy({ $0.count == n * n })
                else {
                    throw fail(
                        c.id,
                        "surface: an odd grid side in \(LandscapeSurface.sides.lowerBound)…\(LandscapeSurface.sides.upperBound), ascending sample sizes, and side² losses per size"
                    )
                }
            }
        }
    }

    /// The measured records a report draws from: each curve's arrays aligned and non-empty, its k
    /// positive and ascending, and one Monte-Carlo record per σ.
    func validateRecords(_ c: ConfigurationResult, fail: (String?, String) -> LandscapeError) throws {
        func curve(_ name: String, k: [Int], _ arrays: [Int]) throws {
            guard !k.isEmpty, arrays.allSatisfy({ $0 == k.count }) else {
                throw fail(c.id, "\(name): arrays differ in length or are empty")
            }
            guard k[0] >= 1, zip(k, k.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw fail(c.id, "\(name).k must be positive and strictly ascending")
            }
        }
        if let d = c.distance {
            try curve("distance", k: d.k, [d.meanAbsolute.count, d.rootMeanSquare.count])
            guard d.objects >= 2, d.permutations >= 1 else {
                throw fail(c.id, "distance: objects < 2 or no permutations")
            }
        }
        if let n = c.neighbourhood {
            guard n.variances.count == n.radii.count, n.variances.allSatisfy({ $0.count == n.directions }) else {
                throw fail(c.id, "neighbourhood: variances do not match its radii and directions")
            }
        }
        if let h = c.heldOut {
            let sampled = h.curve
            try curve(
                "heldOut.curve", k: sampled.k,
                [sampled.mean.count, sampled.spread.count, sampled.ema.count, sampled.emaStandardError.count])
            try curve(
                "heldOut.distance", k: h.distance.k, [h.distance.meanAbsolute.count, h.distance.rootMeanSquare.count])
            guard h.objects >= 2, h.finalK >= 1, h.distance.objects >= 2 else {
                throw fail(c.id, "heldOut: fewer than two objects")
            }
        }
        if let g = c.growingSample {
            let k = g.points.map(\.k)
            guard g.objects >= 2, g.heldOutObjects >= 0, k.allSatisfy({ $0 >= 1 && $0 <= g.objects }),
                zip(k, k.dropFirst()).allSatisfy({ $0 < $1 }),
                g.points.allSatisfy({ $0.growing.next >= 1 && ($0.fixed?.next ?? 1) >= 1 })
            else {
                throw fail(
                    c.id, "growingSample.points: k not ascending within 1…objects, or a view without next objects")
            }
        }
        for (i, a) in (c.hessian?.lemmaTwoAway ?? []).enumerated() {
            try curve(
                "hessian.lemmaTwoAway[\(i)]", k: a.k, [a.measured.count, a.atMinimum.count, a.firstOrder.count])
        }
        if let m = c.criteria {
            let runs = "criteria.records.gaussian.runs"
            for (i, g) in m.gaussian.enumerated() {
                try curve("\(runs)[\(i)]", k: g.k, [g.mean.count, g.standardError.count])
            }
            guard Set(m.gaussian.map(\.sigma)).count == m.gaussian.count else {
                throw fail(c.id, "\(runs) lists a σ twice")
            }
            let dimensions = "criteria.records.subspace.dimensions"
            for (i, s) in m.subspace.enumerated() {
                for (j, g) in (s.monteCarlo ?? []).enumerated() {
                    try curve("\(dimensions)[\(i)].monteCarlo[\(j)]", k: g.k, [g.mean.count, g.standardError.count])
                }
            }
            guard Set(m.subspace.map(\.dimension)).count == m.subspace.count else {
                throw fail(c.id, "\(dimensions) lists a D twice")
            }
            if let s = m[SpectrumCriterion.self] { try validateSpectrum(s, c.id, fail: fail) }
        }
    }

    /// The spectrum's SLQ runs aligned, weights in [0, 1], nodes ascending; convergence arrays
    /// no longer than its orderings.
    func validateSpectrum(
        _ s: SpectrumCriterion.Record, _ id: String, fail: (String?, String) -> LandscapeError
    ) throws {
        let name = "criteria.records.spectrum"
        func quadrature(_ path: String, _ q: SpectralQuadrature) throws {
            guard q.dimension >= 1, !q.runs.isEmpty,
                q.runs.allSatisfy({
                    !$0.nodes.isEmpty && $0.nodes.count == $0.weights.count && $0.weights.count == $0.residuals.count
                })
            else {
                throw fail(id, "\(name).\(path): runs' nodes, weights and residuals differ in length or are empty")
            }
            guard
                q.runs.allSatisfy({ r in
                    r.weights.allSatisfy { $0 >= 0 && $0 <= 1 + 1e-9 }
                        && zip(r.nodes, r.nodes.dropFirst()).allSatisfy { $0 <= $1 }
                })
            else {
                throw fail(id, "\(name).\(path): weights outside [0, 1] or nodes not ascending")
            }
        }
        try quadrature("hessian.quadrature", s.hessian.quadrature)
        try quadrature("gaussNewton.quadrature", s.gaussNewton.quadrature)
        for (i, d) in s.densities.enumerated() {
            try quadrature("densities[\(i)].hessian", d.hessian)
            try quadrature("densities[\(i)].gaussNewton", d.gaussNewton)
        }
        if let v = s.convergence {
            let arrays = v.points.flatMap { [$0.wasserstein, $0.largest, $0.trace, $0.norm, $0.outliers] }
            guard v.orderings >= 1, arrays.allSatisfy({ $0.count <= v.orderings }),
                zip(v.points, v.points.dropFirst()).allSatisfy({ $0.k < $1.k }), v.points.allSatisfy({ $0.k >= 1 })
            else {
                throw fail(id, "\(name).convergence: k not ascending or more values than orderings")
            }
        }
    }
}
