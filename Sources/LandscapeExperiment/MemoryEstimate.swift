import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeModel

/// A rough upper estimate of a run's peak memory, part by part, each part with the spec key that
/// lowers it: what `ExperimentSpec.checkMemory` refuses on before anything runs (docs/spec-keys.md).
/// Every variant's inputs are shared; each worker holds one network's working set at a time, so
/// the peak is the inputs plus `workers` times the most demanding network's set. A network's set
/// is its training and Hessian state plus, where it gets the criteria, the Float copy of the
/// forward pass and the largest of the three criteria (they run one after another).
public struct MemoryEstimate: Sendable {
    /// What a part holds, its size as the formula docs/performance.md shows (m objects of n
    /// features, N parameters, A = m·(h·(L + 1) + K) kept activations), and the spec key that
    /// lowers it (a `SpecKey` name). Declared once: the estimate's parts and the documented
    /// table (`markdownTable`) are both made from `Kind.all`.
    public struct Kind: Sendable, Equatable {
        public let what: String
        public let formula: String
        public let key: String

        static let inputs = Kind(what: "the inputs of every variant", formula: "4·m·n per variant", key: "objects")
        static let training = Kind(
            what: "the parameters, their gradients and Adam's state", formula: "48·N", key: "widths")
        static let hessianForward = Kind(
            what: "the Hessian's Double forward pass", formula: "8·m·n + 16·A", key: "objects")
        /// The products' vectors: the one in flight, its stacked copy, the per-layer gradients, the
        /// result, the Lanczos residual and the Double parameters (measured at h = 4,096: 72·N beyond
        /// the bases, with the Float networks).
        static let hessianBases = Kind(
            what: "the Hessian's Lanczos bases (20 steps) and the products' working vectors (8)", formula: "28·8·N",
            key: "widths")
        static let criteriaForward = Kind(
            what: "the criteria's Float forward pass", formula: "4·(m·n + A)", key: "objects")
        static let draws = Kind(
            what: "the Monte-Carlo draws (one perturbation of N and its losses)", formula: "12·N + 16·sigmas·m",
            key: "draws")
        static let probes = Kind(
            what: "the Hutchinson probes (probes × N, Double and two Float copies)",
            formula: "16·probes·N + 256·12·probes²", key: "probes")
        static let subspace = Kind(
            what: "the subspace's eigenvectors and bases (D + 20 Lanczos steps, D = largest subspaceDimensions)",
            formula: "8·(D + 20)·N + 32·D·N + 256·12·D²", key: "subspaceDimensions")
        static let spectrum = Kind(
            what: "the spectrum's Lanczos bases (2 operators × spectrumRuns × spectrumSteps × N)",
            formula: "16·runs·spectrumSteps·N + 24·runs·N", key: "spectrumSteps")

        /// The criteria's parts: they run one after another, so only the largest counts.
        static let criteria = [draws, probes, subspace, spectrum]
        /// Every part, in the table's order.
        public static let all = [inputs, training, hessianForward, hessianBases, criteriaForward] + criteria
    }

    public struct Part: Sendable, Equatable {
        public let kind: Kind
        public let bytes: Double
        public var what: String { kind.what }
        /// The spec key to lower.
        public var key: String { kind.key }
    }

    /// The documented table of the parts (docs/performance.md#memory holds it; a test compares).
    public static var markdownTable: String {
        let row = { (k: Kind, bullet: String) in "| \(bullet)\(k.what) | \(k.formula) | `\(k.key)` |\n" }
        return "| part | bytes | key |\n|---|---|---|\n"
            + Kind.all.filter { !Kind.criteria.contains($0) }.map { row($0, "") }.joined()
            + "| the largest criterion, one of: | | |\n" + Kind.criteria.map { row($0, "· ") }.joined()
    }

    /// Every variant's inputs (Float), shared by the workers.
    public let shared: Part
    /// The most demanding network and its parts.
    public let network: Configuration?
    public let parameters: Int
    public let parts: [Part]
    public let workers: Int

    public var total: Double { shared.bytes + Double(workers) * Self.bytes(parts) }
    static func bytes(_ parts: [Part]) -> Double { parts.reduce(0) { $0 + $1.bytes } }
    /// The largest single part (a shared part counts once, a network's once per worker).
    public var largest: Part {
        ([shared] + parts.map { Part(kind: $0.kind, bytes: $0.bytes * Double(workers)) })
            .max { $0.bytes < $1.bytes }!
    }

    /// `workers`: the run's --jobs; no more of them hold a network at once than there are
    /// configurations.
    public init(spec: ExperimentSpec, workers: Int, variants: [Variant]) {
        self.workers = min(workers, max(1, spec.configurations(for: variants).count))
        let descriptors = spec.datasetDescriptors
        let m = Double(spec.objects + spec.heldOutObjects)
        shared = Part(
            kind: .inputs,
            bytes: variants.reduce(0.0) { $0 + m * Double($1.features(descriptors)) * 4 })
        var worst: (Configuration?, Int, [Part]) = (nil, 0, [])
        var seen = Set<[Int]>()
        for c in spec.configurations(for: variants) {
            let n = c.variant.features(descriptors), classes = descriptors[c.variant.dataset]?.classes ?? 100
            let criteria = ConfigurationRun.wantsCriteria(c, spec: spec)
            let detailed = ConfigurationRun.wantsSlice(c, spec: spec) || spec.criteria.spectrumEverywhere
            // Networks of one shape and role need the same memory: estimate each once.
            guard seen.insert([n, classes, c.width, c.hiddenLayers, criteria ? 1 : 0, detailed ? 1 : 0]).inserted
            else { continue }
            let arch = MLPArchitecture(
                inputs: n, width: c.width, hiddenLayers: c.hiddenLayers, classes: classes, bias: spec.bias)
            let parts = Self.network(
                spec: spec, arch: arch, objects: m, hessian: spec.measuresHessian(seed: c.globalSeed),
                criteria: criteria, detailed: detailed)
            if Self.bytes(parts) > Self.bytes(worst.2) {
                worst = (c, arch.parameterCount, parts)
            }
        }
        (network, parameters, parts) = worst
    }

    /// One network's working set (N parameters, m objects of n features, h·(L + 1) + K kept
    /// activations per object).
    static func network(
        spec: ExperimentSpec, arch: MLPArchitecture, objects m: Double, hessian: Bool, criteria: Bool, detailed: Bool
    ) -> [Part] {
        let n = Double(arch.inputs), bigN = Double(arch.parameterCount), s = spec.criteria
        let activations = m * Double(arch.width * (arch.hiddenLayers + 1) + arch.classes)
        var parts = [
            Part(kind: .training, bytes: bigN * 8 * 6)
        ]
        guard hessian else { return parts }
        parts += [
            // The Double forward pass kept for H·v (inputs and activations, with a workspace's copy).
            Part(kind: .hessianForward, bytes: m * n * 8 + activations * 8 * 2),
            Part(kind: .hessianBases, bytes: 28 * bigN * 8),
        ]
        guard criteria else { return parts }
        let d = Double(
            s.resolvedDimensions(classes: arch.classes, limit: arch.parameterCount).last ?? 1)
        let runs = Double(detailed ? s.spectrumRuns : 1)
        let sigmas = Double(s.sigmas.count), probes = Double(s.probes), steps = Double(s.spectrumSteps)
        // One perturbation at a time (θ̂ + tε in Float besides ε) and its losses at every ±σ.
        let draws: Double = bigN * 12 + 2 * sigmas * m * 8
        // The projections' chunk: 256 objects × D² per-object Hessians, Double and Float.
        let subspace: Double = (d + 20) * bigN * 8 + 3 * d * bigN * 8 + 2 * d * bigN * 4 + 256 * d * d * 12
        let spectrum: Double = 2 * runs * steps * bigN * 8 + 2 * runs * bigN * 12
        let candidates: [Part] = [
            Part(kind: .draws, bytes: draws),
            Part(kind: .probes, bytes: probes * bigN * 16 + 256 * probes * probes * 12),
            Part(kind: .subspace, bytes: subspace),
            Part(kind: .spectrum, bytes: spectrum),
        ]
        return parts + [
            Part(kind: .criteriaForward, bytes: (m * n + activations) * 4),
            candidates.max { $0.bytes < $1.bytes }!,
        ]
    }
}

extension ExperimentSpec {
    /// Refuses, naming the key to lower, when the estimate exceeds the machine's memory.
    public func checkMemory(
        workers: Int, variants: [Variant], available: Double = Double(ProcessInfo.processInfo.physicalMemory)
    ) throws {
        let estimate = MemoryEstimate(spec: self, workers: workers, variants: variants)
        guard estimate.total > available else { return }
        let gib = { (x: Double) in String(format: "%.1f GiB", x / 1_073_741_824) }
        let largest = estimate.largest
        let network =
            largest == estimate.shared
            ? ""
            : estimate.network.map {
                " at h = \($0.width), L = \($0.hiddenLayers) (N = \(estimate.parameters) parameters)"
            } ?? ""
        throw LandscapeError(
            "spec: the run needs about \(gib(estimate.total)) of memory, more than this machine's \(gib(available)); "
                + "the largest part is \(largest.what), about \(gib(largest.bytes))\(network): lower `\(largest.key)`"
                + (workers > 1 ? " (or run fewer --jobs)" : ""))
    }
}
