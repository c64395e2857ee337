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
            func q(_ f: Double) -> Double {
                s.isEmpty ? 0 : s[Swift.min(s.count - 1, Int((f * Double(s.count - 1)).rounded()))]
            }
            max = s.last ?? 0
            mean = s.reduce(0, +) / Double(Swift.max(1, s.count))
            median = q(0.5); q90 = q(0.9); q99 = q(0.99)
        }
    }

    /// Schema 3's Lemma 2 check at absolute radii along one random direction (read, never written).
    public struct LemmaTwoCheck: Codable, Hashable, Sendable {
        public let radius: Double
        public let k: Int
        public let measured: Double
        public let boundLog10: Double
    }

    public struct SpectrumAtK: Codable, Hashable, Sendable { public let k: Int; public let top: [Double] }
    public struct DifferenceNorm: Codable, Hashable, Sendable {
        public let k: Int
        public let norm: Double
        public init(k: Int, norm: Double) { self.k = k; self.norm = norm }
    }

    /// The difference term ‖H_{k+1} − H^(k)‖₂ of the paper's decomposition (and, before schema 8,
    /// the top of the spectrum, which the spectrum criterion now measures: docs/spectrum.md).
    public struct Spectrum: Codable, Hashable, Sendable {
        /// Schema ≤ 7: top eigenvalues of H^(m), descending; the widest-ratio-gap count; λ_K/λ_{K+1};
        /// the top of H^(k) at k = 10, 100, 1,000; ‖H^(k) − H^(m)‖₂ (schema 7). Read, never written.
        public var top: [Double]? = nil
        public var outliers: Int? = nil
        public var classGap: Double? = nil
        public var atK: [SpectrumAtK]? = nil
        public let differenceNorms: [DifferenceNorm]
        public var meanDistances: [DifferenceNorm]? = nil

        public init(differenceNorms: [DifferenceNorm]) { self.differenceNorms = differenceNorms }
    }

    /// The bounds against what they bound, at one point of parameter space.
    public struct BoundCheck: Codable, Hashable, Sendable {
        /// M_W at this point.
        public let spectralBound: Double
        /// The largest ‖J_iᵀ A_i J_i‖₂ over every object (exact).
        public let gaussNewtonMax: Double
        /// The largest ‖H_i‖₂ over the sampled objects (Lanczos).
        public let fullMax: Double
        /// log₁₀ of Theorem 1 as the paper states it, and of the corrected bounds (docs/theorem-1.md;
        /// nil for networks with biases, which the correction does not cover).
        public let paperLog10: Double
        public let correctedLog10: Double?
        public let correctedFullLog10: Double?
    }

    /// ‖J_iᵀ A_i J_i‖₂ over every object.
    public let gaussNewton: Summary
    /// ‖∇ℓ_i(θ̂)‖₂ over every object (M_g is its max).
    public let gradient: Summary?
    /// ‖H_i‖₂ (G-term + H-term, Lanczos) for the sampled objects: the four with the largest
    /// G-term and the first four (schema 3: the first eight).
    public let fullSample: [Double]
    /// log₁₀(Theorem 1 bound ÷ largest measured G-term norm); negative means the bound fails;
    /// nil when every measured norm is 0 (a dead network).
    public let theoremOneOverGaussNewtonLog10: Double?
    /// log₁₀(Theorem 1 bound ÷ largest measured full per-object norm on the sample). The sample
    /// norms are Lanczos Ritz values, which never exceed the true norm, so this errs high.
    public let theoremOneOverFullLog10: Double?
    /// θ̂ (every object) and the random initialisation θ_init it was trained from (the first
    /// `initialisationObjects`).
    public let atMinimum: BoundCheck?
    public let atInitialisation: BoundCheck?
    /// ‖θ̂ − θ_init‖₂.
    public let initialDistance: Double?
    public let lemmaTwo: [LemmaTwoCheck]?
    /// Lemma 2 off θ̂ (for the configurations of the paper's figure slices).
    public let lemmaTwoAway: [LemmaTwoAway]?
    public let spectrum: Spectrum?

    /// What the off-θ̂ study needs besides the network: the θ̂ curve and how it was drawn.
    public struct AwayInputs {
        public let curve: ConvergenceCurve
        public let permutations: Int
        public let permutationSeed: UInt64
        public let fractions: [Double]
        public init(curve: ConvergenceCurve, permutations: Int, permutationSeed: UInt64, fractions: [Double]) {
            self.curve = curve; self.permutations = permutations; self.permutationSeed = permutationSeed;
            self.fractions = fractions
        }
    }

    /// Measures `network` (trained, Float) on the objects it was trained on, and `initial`, the
    /// initialisation it was trained from. inputs: m × n; `constants` as measured at θ̂.
    public static func measure(
        network: MLP<Float>, initial: MLP<Float>, inputs: [Float], labels: [Int32], constants: NetworkConstants,
        away: AwayInputs?, withSpectrum: Bool, seed: UInt64, clock: StageClock = StageClock()
    ) -> HessianMeasurement {
        let p = network.architecture.parameterCount
        let doubles = inputs.map(Double.init)
        let hvp = HessianVectorProduct(network: network.converted(to: Double.self), inputs: doubles, labels: labels)
        let perObject = GaussNewton.perObject(hvp)
        let gaussNewton = Summary(perObject.gaussNewton)
        let gradient = Summary(perObject.gradient)
        let sample = Self.sampleObjects(gaussNewton: perObject.gaussNewton)
        let fullSample = Self.fullNorms(hvp, sample, seed: seed)
        let theoremOne = constants.theoremOne
        func ratioLog10(_ measured: Double) -> Double? {
            measured > 0 ? (theoremOne.log - Foundation.log(measured)) / Foundation.log(10) : nil
        }
        let largestGaussNewton = perObject.gaussNewton.max() ?? 0
        let theoremOneOverGaussNewtonLog10 = ratioLog10(largestGaussNewton)
        let theoremOneOverFullLog10 = ratioLog10(fullSample.max() ?? 0)
        let atMinimum = Self.check(
            network, constants: constants, gaussNewtonMax: largestGaussNewton, fullMax: fullSample.max() ?? 0)
        // θ_init, on the first objects (a cost cap): is a random network inside the bounds too?
        let first = Swift.min(labels.count, Self.initialisationObjects)
        let initialHVP = HessianVectorProduct(
            network: initial.converted(to: Double.self),
            inputs: Array(doubles.prefix(first * network.architecture.inputs)),
            labels: Array(labels.prefix(first)))
        let initialGN = GaussNewton.perObjectNorms(initialHVP)
        let initialConstants = try? NetworkConstants(
            network: initial, inputBound: constants.inputBound, losses: [constants.largestLoss])
        let atInitialisation = initialConstants.map { c in
            Self.check(
                initial, constants: c, gaussNewtonMax: initialGN.max() ?? 0,
                fullMax: Self.fullNorms(initialHVP, Self.sampleObjects(gaussNewton: initialGN), seed: seed).max() ?? 0)
        }
        let distance = network.distance(to: initial)
        let lemmaTwoAway = away.map { a in
            LemmaTwoAway.measure(
                network: network, distance: distance, hvp: hvp, inputs: inputs, labels: labels, curveAtMinimum: a.curve,
                permutations: a.permutations, permutationSeed: a.permutationSeed, largestLoss: constants.largestLoss,
                largestGradient: perObject.gradient.max() ?? 0, hessianAtMinimum: fullSample.max() ?? 0,
                theoremOne: theoremOne, fractions: a.fractions, sampleObjects: sample, seed: derivedSeed(seed, "away"))
        }
        // Timed apart from the rest (its own stage, taken out of the Hessian's).
        let spectrum =
            withSpectrum
            ? clock.time(.spectrum, within: .hessian) {
                Self.spectrum(hvp, parameters: p, classes: network.architecture.classes, seed: seed)
            } : nil
        return HessianMeasurement(
            gaussNewton: gaussNewton, gradient: gradient, fullSample: fullSample,
            theoremOneOverGaussNewtonLog10: theoremOneOverGaussNewtonLog10,
            theoremOneOverFullLog10: theoremOneOverFullLog10,
            atMinimum: atMinimum, atInitialisation: atInitialisation, initialDistance: distance, lemmaTwo: nil,
            lemmaTwoAway: lemmaTwoAway, spectrum: spectrum)
    }

    /// Objects whose Hessian is measured at θ_init.
    public static let initialisationObjects = 1_000

    /// The four objects with the largest G-term norm, then the first four not among them.
    public static func sampleObjects(gaussNewton: [Double]) -> [Int] {
        let largest = gaussNewton.indices.sorted { (gaussNewton[$0], $1) > (gaussNewton[$1], $0) }.prefix(4)
        return Array(largest) + Array(gaussNewton.indices.filter { !largest.contains($0) }.prefix(4))
    }

    static func fullNorms(_ hvp: HessianVectorProduct, _ objects: [Int], seed: UInt64) -> [Double] {
        PerObjectHessian(hvp, objects: objects).spectralNorms(
            steps: 20, seeds: objects.map { derivedSeed(seed, "object", "\($0)") })
    }

    static func check(
        _ network: MLP<Float>, constants c: NetworkConstants, gaussNewtonMax: Double, fullMax: Double
    ) -> BoundCheck {
        let mW = c.spectralBound, mX = c.inputBound, l = c.linearLayers, bias = network.architecture.bias
        return BoundCheck(
            spectralBound: mW, gaussNewtonMax: gaussNewtonMax, fullMax: fullMax, paperLog10: c.theoremOne.log10,
            correctedLog10: bias
                ? nil : CorrectedTheoremOneBound.gaussNewton(spectralBound: mW, inputBound: mX, linearLayers: l).log10,
            correctedFullLog10: bias
                ? nil : CorrectedTheoremOneBound.full(spectralBound: mW, inputBound: mX, linearLayers: l).log10)
    }

    static func spectrum(_ hvp: HessianVectorProduct, parameters p: Int, classes: Int, seed: UInt64) -> Spectrum {
        let m = hvp.count
        let differenceSizes = [1, 3, 10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000].filter { $0 < m - 1 } + [m - 1]
        // H_{k+1}v on the (k+1)-th object's own subspace (PerObjectHessian), the mean by the R-operator.
        let next = PerObjectHessian(hvp, objects: differenceSizes)
        return Spectrum(
            differenceNorms: differenceSizes.enumerated().map { j, k in
                // ‖H_{k+1} − H^(k)‖₂: the operator v ↦ H_{k+1}v − H^(k)v, symmetric and indefinite.
                DifferenceNorm(
                    k: k,
                    norm: Lanczos.spectralNorm(dimension: p, steps: 20, seed: derivedSeed(seed, "difference", "\(k)")) {
                        v in
                        let single = next.parameterSpaceProduct(v, object: j), mean = hvp.apply(v, objects: 0..<k)
                        return zip(single, mean).map { $0 - $1 }
                    })
            })
    }
}
