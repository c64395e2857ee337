import Foundation
import LandscapeCore

/// The spectrum of the mean Hessian H^(m)(θ̂) and of its Gauss–Newton part (docs/spectrum.md):
/// stochastic Lanczos quadrature, the exact trace and its per-layer split, per-layer top
/// eigenvalues, the outliers above the bulk edge, and — on the detailed networks — densities at
/// smaller k, Hutchinson and Hutch++ traces, and how the spectrum converges in k. Products run
/// in Float32 (`HessianProductKernel`), in blocks: SLQ's runs and the probes go in lockstep.
public enum SpectrumCriterion: Criterion {
    public static let name = CriterionName(rawValue: "spectrum")

    /// One operator at k = m: its SLQ measure and its outliers.
    public struct Operator: Codable, Hashable, Sendable {
        public let quadrature: SpectralQuadrature
        public let outliers: OutlierCount
    }

    /// The SLQ measures of H^(k) and its G-term over the first k objects.
    public struct Density: Codable, Hashable, Sendable {
        public let k: Int
        public let hessian: SpectralQuadrature
        public let gaussNewton: SpectralQuadrature
    }

    /// One weight layer's diagonal block of H^(m).
    public struct Layer: Codable, Hashable, Sendable {
        public let parameters: Int
        /// The block's trace, exact (that of the G-term's block: docs/spectrum.md).
        public let trace: Double
        /// The block's largest eigenvalue (Lanczos) and its Ritz residual.
        public let top: Double
        public let residual: Double
    }

    public struct Record: Codable, Hashable, Sendable {
        /// m and N.
        public let objects: Int
        public let parameters: Int
        public let hessian: Operator
        public let gaussNewton: Operator
        /// tr H^(m) = tr G^(m), exact.
        public let trace: Double
        /// One per weight layer, input first.
        public let layers: [Layer]
        /// The detailed parts (the figures' network, or every one with `spectrumEverywhere`).
        public let densities: [Density]
        public let hutchinson: TraceEstimate?
        public let hutchPlusPlus: TraceEstimate?
        public let convergence: SpectralConvergence?

        /// λ_min/λ_max of H^(m) from its Ritz values.
        public var extremeRatio: Double { hessian.quadrature.smallest / hessian.quadrature.largest }
    }

    /// The k of the spectral-convergence curve; those ≤ m/10 are kept, where the finite-population
    /// factor √(1 − k/m) stays within 5 % of 1.
    public static let convergenceSizes = [10, 30, 100, 300, 1_000, 3_000]

    public static func measure(_ s: CriterionSubject) -> Record? {
        let n = s.parameters, m = s.labels.count, settings = s.settings
        let kernel = s.kernel
        let seed = derivedSeed(s.seed, "spectrum")
        let detailed = s.figure || settings.spectrumEverywhere
        // H's and G's runs in lockstep: one block product serves both operators' processes.
        func slq(_ k: HessianProductKernel<Float>, runs: Int) -> (SpectralQuadrature, SpectralQuadrature) {
            let starts = (0..<runs).map { SpectralQuadrature.rademacher(n, seed: derivedSeed(seed, "slq", "\($0)")) }
            let t = Lanczos.tridiagonals(starts: starts + starts, steps: settings.spectrumSteps) { active, vs in
                k.apply(vs, objects: 0..<k.count, gaussNewton: active.map { $0 >= runs })
            }.map(SpectralQuadrature.run)
            return (
                SpectralQuadrature(dimension: n, runs: Array(t.prefix(runs))),
                SpectralQuadrature(dimension: n, runs: Array(t.suffix(runs)))
            )
        }
        // Without the details one run each: the outliers, the extremes and the edge need no more.
        let runs = detailed ? settings.spectrumRuns : 1
        let (hessian, gaussNewton) = slq(kernel, runs: runs)
        let objectTraces = GaussNewton.layerTraces(s.hvp)
        let traces = objectTraces.map { $0.reduce(0, +) }
        let layers = Self.layers(kernel, objectTraces: objectTraces, seed: seed)
        let apply: ([[Double]]) -> [[Double]] = { kernel.apply($0, objects: 0..<m) }
        let outliers = OutlierCount.measure(hessian)
        let densities: [Density] =
            detailed
            ? settings.spectrumSizes.filter { $0 < m }.map { k in
                let (h, g) = slq(kernel.subset(Array(0..<k)), runs: runs)
                return Density(k: k, hessian: h, gaussNewton: g)
            } : []
        return Record(
            objects: m, parameters: n, hessian: Operator(quadrature: hessian, outliers: outliers),
            gaussNewton: Operator(quadrature: gaussNewton, outliers: OutlierCount.measure(gaussNewton)),
            trace: traces.reduce(0, +) / Double(m), layers: layers, densities: densities,
            hutchinson: detailed
                ? TraceEstimate.hutchinson(
                    dimension: n, probes: settings.traceProbes, seed: derivedSeed(seed, "trace"), apply: apply) : nil,
            hutchPlusPlus: detailed
                ? TraceEstimate.hutchPlusPlus(
                    dimension: n, products: settings.traceProbes, seed: derivedSeed(seed, "trace"), apply: apply) : nil,
            convergence: detailed && settings.spectrumOrderings >= 1
                ? convergence(
                    kernel, full: hessian, outliers: outliers, traces: traces, runs: runs, settings: settings,
                    seed: seed) : nil)
    }

    /// Per weight layer: the exact trace of its diagonal block, and its top eigenvalue by Lanczos
    /// on the block operator v_p ↦ (H·[0…v_p…0])_p, every layer's process in lockstep.
    static func layers(_ kernel: HessianProductKernel<Float>, objectTraces: [[Double]], seed: UInt64) -> [Layer] {
        let a = kernel.architecture, offsets = a.layerOffsets, shapes = a.layerShapes
        let m = objectTraces.count
        let ranges = shapes.indices.map { offsets[$0].weights..<(offsets[$0].weights + shapes[$0].out * shapes[$0].in) }
        let starts = ranges.indices.map {
            SpectralQuadrature.rademacher(ranges[$0].count, seed: derivedSeed(seed, "layer", "\($0)"))
        }
        let runs = Lanczos.tridiagonals(starts: starts, steps: 10) { layers, vs in
            let padded = zip(layers, vs).map { p, v in
                var full = [Double](repeating: 0, count: a.parameterCount)
                full.replaceSubrange(ranges[p], with: v)
                return full
            }
            return zip(kernel.apply(padded, objects: 0..<kernel.count), layers).map { Array($0.0[ranges[$0.1]]) }
        }
        return zip(ranges.indices, runs).map { p, t in
            let run = SpectralQuadrature.run(t)
            return Layer(
                parameters: ranges[p].count,
                trace: objectTraces.reduce(0) { $0 + $1[p] } / Double(m),
                top: run.nodes.last ?? 0, residual: run.residuals.last ?? 0)
        }
    }
}
