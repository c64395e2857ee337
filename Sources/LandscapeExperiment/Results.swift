import LandscapeAnalysis
import LandscapeData
import LandscapeEncoders
import LandscapeModel

/// A bound that may overflow Double: log₁₀ always, the value when it is finite.
public struct BoundValue: Codable, Hashable, Sendable {
    public let log10: Double
    public let value: Double?
    public init(_ v: LogValue) {
        log10 = v.log10
        value = v.value.isFinite ? v.value : nil
    }
}

/// The curves at log-spaced sample sizes (≤ 1,000 points, always with the last k).
public struct SampledCurve: Codable, Hashable, Sendable {
    public let k: [Int]
    /// Permutation mean of |L_{k+1}(θ̂) − L_k(θ̂)|.
    public let mean: [Double]
    /// Standard deviation across permutations.
    public let spread: [Double]
    /// The protocol's EMA (factor 0.99) of `mean`.
    public let ema: [Double]
    /// The EMA of the standard error of `mean` (the shaded band is ema ± this).
    public let emaStandardError: [Double]

    /// The level of the curve's end at `finalK` (its last k): `ConfigurationResult.endLevel`.
    public func endLevel(finalK: Int) -> Double {
        let tail = k.indices.filter { k[$0] * 10 >= finalK }
        guard !tail.isEmpty else { return mean.last ?? 0 }
        return tail.reduce(0) { $0 + mean[$1] * Double(k[$1] + 1) } / Double(tail.count) / Double(finalK + 1)
    }

    public init(_ c: ConvergenceCurve, points: Int) {
        let idx = ConvergenceCurve.sampleIndices(count: c.count, points: points)
        k = idx.map { $0 + 1 }
        mean = idx.map { c.mean[$0] }
        spread = idx.map { c.spread[$0] }
        ema = idx.map { c.ema[$0] }
        emaStandardError = idx.map { c.emaStandardError[$0] }
    }
}

/// Lemma 2's bound at the largest k for one radius.
public struct RadiusBound: Codable, Hashable, Sendable {
    public let radius: Double
    public let bound: BoundValue
}

/// Everything measured on one trained network. Deterministic: no timings (see `Provenance`).
public struct ConfigurationResult: Codable, Hashable, Sendable {
    public enum Status: String, Codable, Sendable {
        /// Trained to the end.
        case trained
        /// The loss stopped being finite; `divergence` says where.
        case diverged
        /// Every ReLU is off: all per-object losses are equal and the curve is exactly 0.
        case dead
        /// Finite and not dead, but at chance level (train accuracy ≤ 1.5/K): left out of trends.
        case untrained
    }

    public let id: String
    public let dataset: DatasetName
    /// The encoder whose features were the inputs (nil: pixels).
    public let encoder: Encoder?
    /// h.
    public let width: Int
    /// N, the figures' "L".
    public let hiddenLayers: Int
    /// Theorem 1's L = N + 2.
    public let linearLayers: Int
    public let parameterCount: Int
    /// The spec's seed it was trained from (schemas 1–3: the spec's single seed).
    public let globalSeed: UInt64?
    /// The configuration's own seed, derived from (globalSeed, dataset, encoder, h, N).
    public let seed: UInt64
    public let status: Status
    public let divergence: Divergence?
    public let epochs: [EpochRecord]
    /// Mean per-object loss at θ̂, and train accuracy at θ̂.
    public let meanLoss: Double
    public let accuracy: Double
    /// Mean absolute deviation of the per-object losses (the end of the curve ≈ this/(k+1)).
    public let lossDeviation: Double
    public let constants: NetworkConstants
    public let theoremOne: BoundValue
    /// Theorem 1 with Lemma 1's M_W = hM, and whether hM ≥ the measured M_W.
    public let lemmaOne: BoundValue
    public let lemmaOneHolds: Bool
    /// Theorem 1 corrected (docs/theorem-1.md): on the Gauss–Newton term, and on the full
    /// per-object Hessian; nil with biases.
    public let correctedTheoremOne: BoundValue?
    public let correctedTheoremOneFull: BoundValue?
    public let curve: SampledCurve
    /// The largest k and the curve there.
    public let finalK: Int
    public let finalMean: Double
    public let finalEMA: Double
    public let lemmaTwoAtFinalK: [RadiusBound]
    public let slice: LandscapeSlice?
    /// The measured Hessian (absent for diverged networks or when the spec turns it off).
    public let hessian: HessianMeasurement?
    /// Schema 5: Δ₁'s decay exponent on the tail, bootstrapped over permutations.
    public let decay: DecayFit?
    /// Schema 5: the criteria beyond the paper (the figure slices' Hessian-measured networks).
    public let criteria: CriteriaMeasurement?
    /// Schema 7: the losses on held-out objects (absent when the spec or the data has none).
    public let heldOut: HeldOutRecord?
    /// Schema 7: the convergence distance |ℒ_k − ℒ_m| on the training objects at θ̂, and over a
    /// neighbourhood of θ̂ (the figure slices' first-seed networks).
    public let distance: ConvergenceDistance?
    public let neighbourhood: NeighbourhoodDistance?
    /// The growing-sample protocol (θ̂ₖ on the first k objects; its scope's networks), opt-in.
    public var growingSample: GrowingSample? = nil
    /// Schema 10: ℒₖ on a plane through θ̂ (the paper's Figure 1; the figure network of each
    /// variant, the spec's `surfaceGrid`).
    public var surface: LandscapeSurface? = nil
}

/// A dataset of the spec: present (with its size) or missing (with the command that gets it).
public struct DatasetRecord: Codable, Hashable, Sendable {
    public let name: DatasetName
    /// The encoder of a feature variant (nil: pixels).
    public let encoder: Encoder?
    public let present: Bool
    public let objects: Int
    public let features: Int
    public let classes: Int
    /// M_x over the objects used.
    public let inputBound: Double?
    /// How many of the classes occur among the objects used (schema 4; nil before).
    public let classesPresent: Int?
    public let fetchCommand: String?
    /// Schema 7: held-out objects found (nil: none, or an older schema).
    public var heldOutObjects: Int? = nil

    public var variant: Variant { Variant(dataset: name, encoder: encoder) }
}

/// `results.json`: the spec, the datasets and every configuration, in canonical order.
public struct Results: Codable, Hashable, Sendable {
    /// 2: per-configuration `hessian` measurements. 3: `encoder` (feature-extraction grids).
    /// 4: seeds as a grid dimension, the corrected Theorem 1, Lemma 2 off θ̂ at radii relative to
    /// ‖θ̂ − θ_init‖, the `untrained` status. 5: the criteria beyond the paper (`criteria`, `decay`,
    /// the spec's `criteria`). 6: each criterion's record under `criteria.records`, keyed by its
    /// name. 7: `heldOut`, `distance`, `neighbourhood`; the spec's `heldOutObjects` and training
    /// `target`. 8: the spectrum criterion, and (opt-in, optional) `growingSample` with the spec's
    /// `growingSample`. 9: the growing sample on by default (a spec that lacks the key is off only
    /// in files of schema ≤ 8), its growing views' gradients and traces over a sample of the next
    /// objects. 10: `surface`, ℒₖ on a 2-D plane through θ̂, with the spec's `surfaceGrid`
    /// (docs/results-schema.md).
    public static let currentSchema = 10
    /// The oldest schema this version still reads (every field it lacks is optional here).
    public static let oldestReadableSchema = 1
    /// A variant's name as the report prints it, from this file's own datasets.
    public func displayName(_ v: Variant) -> String { v.displayName(spec.datasetDescriptors) }

    public let schemaVersion: Int
    public let tool: String
    public let toolVersion: String
    public let spec: ExperimentSpec
    public let datasets: [DatasetRecord]
    public let configurations: [ConfigurationResult]

    public init(spec: ExperimentSpec, datasets: [DatasetRecord], configurations: [ConfigurationResult]) {
        schemaVersion = Self.currentSchema
        tool = "landscape"
        toolVersion = ToolVersion.current
        self.spec = spec
        self.datasets = datasets
        self.configurations = configurations.sorted { $0.key < $1.key }
    }

    public func configuration(
        _ d: DatasetName, encoder: Encoder? = nil, width: Int, hiddenLayers: Int
    ) -> ConfigurationResult? {
        configurations.first {
            $0.dataset == d && $0.encoder == encoder && $0.width == width && $0.hiddenLayers == hiddenLayers
        }
    }

    /// The seeds of the spec (one for schemas 1–3).
    public var seeds: [UInt64] { spec.seeds.sorted() }
}

extension ConfigurationResult {
    public var variant: Variant { Variant(dataset: dataset, encoder: encoder) }
    public var key: Configuration {
        Configuration(variant: variant, width: width, hiddenLayers: hiddenLayers, globalSeed: globalSeed ?? 0)
    }
    /// Shared by every seed of one architecture on one variant.
    public var architectureID: String { key.architectureID }
    /// The level of the curve's end, at the largest k: the raw permutation mean rescaled to k =
    /// finalK by (k+1)/(finalK+1) and averaged over every sampled k ≥ finalK/10. For large k the
    /// curve is ≈ MAD/(k+1), so the rescaled points share one level, and averaging ~130 of them
    /// (each over every permutation) is far less noisy than the single last point. No smoothing
    /// from the left part of the curve enters it, unlike the EMA.
    public var endLevel: Double { curve.endLevel(finalK: finalK) }
    /// (k+1) × the curve's end level: about the losses' mean absolute deviation.
    public var scaledEndLevel: Double { endLevel * Double(finalK + 1) }

    /// Trained to a usable network: what trend statistics use.
    public var isTrained: Bool { status == .trained }
}

public enum ToolVersion {
    public static let current = "0.1.0"
}
