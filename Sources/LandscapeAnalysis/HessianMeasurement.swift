import Foundation
import LandscapeCore
import LandscapeModel

/// What the paper only bounds, measured on a trained network: per-object Gauss–Newton norms,
/// full per-object Hessian norms on a sample, the bounds' tightness, Lemma 2 away from θ̂, and
/// (when asked) the spectrum of the mean Hessian and the Hessian-difference term.
public struct HessianMeasurement: Codable, Hashable, Sendable {
    public struct Summary: Codable, Hashable, Sendable {
        public let max: Double, mean: Double, median: Double, q90: Double, q99: Double
        public init(_ values: [Double]) {
            let s = values.sorted()
            func q(_ f: Double) -> Double { s.isEmpty ? 0 : s[Swift.min(s.count - 1, Int((f * Double(s.count - 1)).rounded()))] }
            max = s.last ?? 0
            mean = s.reduce(0, +) / Double(Swift.max(1, s.count))
            median = q(0.5); q90 = q(0.9); q99 = q(0.99)
        }
    }

    /// Lemma 2 at θ̂ + R·u (u a random unit direction): the measured permutation mean of
    /// |ℒ_{k+1} − ℒ_k| at the largest k against 2/(k+1)·(M_ℓ + H_bound·R²).
    public struct LemmaTwoCheck: Codable, Hashable, Sendable {
        public let radius: Double
        public let k: Int
        public let measured: Double
        public let boundLog10: Double
    }

    public struct SpectrumAtK: Codable, Hashable, Sendable { public let k: Int; public let top: [Double] }
    public struct DifferenceNorm: Codable, Hashable, Sendable { public let k: Int; public let norm: Double }

    /// Spectrum of H^(k) = (1/k) Σ_{i≤k} H_i(θ̂) and the difference term ‖H_{k+1} − H^(k)‖₂.
    public struct Spectrum: Codable, Hashable, Sendable {
        /// Top eigenvalues of H^(m) over all objects, descending.
        public let top: [Double]
        /// Eigenvalues before the largest ratio gap among the positive top ones (the outliers).
        public let outliers: Int
        public let atK: [SpectrumAtK]
        public let differenceNorms: [DifferenceNorm]
    }

    /// ‖J_iᵀ A_i J_i‖₂ over every object.
    public let gaussNewton: Summary
    /// ‖H_i‖₂ (G-term + H-term, Lanczos) for the first `fullSample.count` objects.
    public let fullSample: [Double]
    /// log₁₀(Theorem 1 bound ÷ largest measured G-term norm); negative means the bound fails;
    /// nil when every measured norm is 0 (a dead network).
    public let theoremOneOverGaussNewtonLog10: Double?
    /// log₁₀(Theorem 1 bound ÷ largest measured full per-object norm on the sample). The sample
    /// norms are Lanczos Ritz values, which never exceed the true norm, so this errs high.
    public let theoremOneOverFullLog10: Double?
    public let lemmaTwo: [LemmaTwoCheck]
    public let spectrum: Spectrum?

    /// Measures `network` (trained, Float) on the objects it was trained on.
    /// inputs: m × n; `theoremOne` and `largestLoss` as measured at θ̂.
    public init(network: MLP<Float>, inputs: [Float], labels: [Int32], theoremOne: LogValue, largestLoss: Double,
                radii: [Double], permutations: Int, withSpectrum: Bool, seed: UInt64) {
        let m = labels.count
        let hvp = HessianVectorProduct(network: network.converted(to: Double.self), inputs: inputs.map(Double.init), labels: labels)
        let p = network.architecture.parameterCount
        let gn = GaussNewton.perObjectNorms(hvp)
        gaussNewton = Summary(gn)
        let sample = Swift.min(8, m)
        fullSample = (0..<sample).map { i in
            Lanczos.spectralNorm(dimension: p, steps: 20, seed: derivedSeed(seed, "object", "\(i)")) { hvp.apply($0, objects: i..<(i + 1)) }
        }
        func ratioLog10(_ measured: Double) -> Double? {
            measured > 0 ? (theoremOne.log - Foundation.log(measured)) / Foundation.log(10) : nil
        }
        theoremOneOverGaussNewtonLog10 = ratioLog10(gaussNewton.max)
        theoremOneOverFullLog10 = ratioLog10(fullSample.max() ?? 0)

        // Lemma 2 away from θ̂.
        var rng = SeededGenerator(seed: derivedSeed(seed, "lemma2-direction"))
        let u = (0..<p).map { _ in rng.nextGaussian() }
        let unorm = u.map { $0 * $0 }.reduce(0, +).squareRoot()
        lemmaTwo = radii.filter { $0 > 0 }.map { r in
            var moved = network
            for j in 0..<p { moved.parameters[j] += Float(r * u[j] / unorm) }
            let losses = Evaluation.evaluate(moved, inputs: inputs, labels: labels).losses.map { $0.isFinite ? $0 : .greatestFiniteMagnitude }
            let curve = ConvergenceCurve(losses: losses, permutations: permutations, emaFactor: 0.99, seed: derivedSeed(seed, "lemma2-permutations"))
            let bound = LemmaTwoBound.value(k: m - 1, largestLoss: largestLoss, hessianBound: theoremOne, radius: r)
            return LemmaTwoCheck(radius: r, k: m - 1, measured: curve.mean[m - 2], boundLog10: bound.log10)
        }
        spectrum = withSpectrum ? Self.spectrum(hvp, parameters: p, seed: seed) : nil
    }

    static func spectrum(_ hvp: HessianVectorProduct, parameters p: Int, seed: UInt64) -> Spectrum {
        let m = hvp.count
        func top(_ k: Int, count: Int, steps: Int) -> [Double] {
            Array(Lanczos.eigenvalues(dimension: p, steps: steps, seed: derivedSeed(seed, "spectrum", "\(k)")) { hvp.apply($0, objects: 0..<k) }.prefix(count))
        }
        let full = top(m, count: 20, steps: 60)
        let positive = full.filter { $0 > 0 }
        var outliers = 0, widest = 1.0
        for i in 0..<Swift.max(0, positive.count - 1) where positive[i] / positive[i + 1] > widest {
            widest = positive[i] / positive[i + 1]
            outliers = i + 1
        }
        let sizes = [10, 100, 1_000].filter { $0 < m }
        let atK = sizes.map { SpectrumAtK(k: $0, top: top($0, count: 10, steps: 30)) }
        let differenceSizes = [1, 3, 10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000].filter { $0 < m - 1 } + [m - 1]
        let differences = differenceSizes.map { k in
            // ‖H_{k+1} − H^(k)‖₂: the operator v ↦ H_{k+1}v − H^(k)v, symmetric and indefinite.
            DifferenceNorm(k: k, norm: Lanczos.spectralNorm(dimension: p, steps: 20, seed: derivedSeed(seed, "difference", "\(k)")) { v in
                let single = hvp.apply(v, objects: k..<(k + 1)), mean = hvp.apply(v, objects: 0..<k)
                return zip(single, mean).map { $0 - $1 }
            })
        }
        return Spectrum(top: full, outliers: outliers, atK: atK, differenceNorms: differences)
    }
}
