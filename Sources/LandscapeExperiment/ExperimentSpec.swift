import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeData
import LandscapeEncoders
import LandscapeModel
import Yams

/// What a run computes. The default is the paper's protocol (docs/protocol.md); `quick` is a smoke
/// preset. Stored with its results, so a results file says exactly how it was made.
public struct ExperimentSpec: Codable, Hashable, Sendable {
    public var name = "paper"
    public var datasets: [DatasetName] = DatasetName.allCases
    /// Hidden widths h.
    public var widths = [4, 8, 16, 32, 64]
    /// Numbers of hidden h×h layers N (the figures' "L").
    public var depths = [1, 3, 5, 7, 10]
    /// The first `objects` of each training split.
    public var objects = 10_000
    /// The first `heldOutObjects` of each test split (a declared dataset: of its held-out
    /// fraction), never trained on: every network's losses on them, their curve and distance
    /// (`HeldOutRecord`). 0: none; schemas before 7 read as 0.
    public var heldOutObjects = 5_000
    public var training = TrainingSettings()
    public var permutations = 100
    public var emaFactor = 0.99
    /// Training seeds: every configuration is trained once per seed (a grid dimension), so
    /// trends can be judged against the spread between seeds. Each network's seed derives from
    /// (seed, dataset, encoder, h, N), so adding a seed never changes another's results.
    public var seeds: [UInt64] = [0, 1, 2]
    /// Lemma 2 away from θ̂: radii R as fractions of ‖θ̂ − θ_init‖ (the distance training moved),
    /// along a random unit direction and along the top Hessian eigenvector (schema 4; absolute
    /// radii before).
    public var radii: [Double] = [0.01, 0.1, 0.5]
    public var bias = false
    /// Measure the Hessian (per-object norms, tightness, θ_init, Lemma 2 off θ̂; the spectrum for
    /// the configuration both paper figures share).
    public var measureHessian = true
    /// How many of the seeds (the first ones, sorted) get the Hessian measurements. The theory's
    /// checks need networks, not seeds; trends need seeds, not Hessians; one keeps a 3-seed run
    /// near the cost of measuring one.
    public var hessianSeeds = 1
    /// Pretrained encoders whose features get the same grid (the paper's Figure 3).
    public var encoders: [Encoder] = [.efficientNetLite0, .vitB16]
    /// Datasets declared in the spec (name, path, format, …) with what was read from their files:
    /// size, classes, label names, a fingerprint. nil when the spec declares none (schema 5 files
    /// of the built-in datasets are unchanged).
    public var declaredDatasets: [DatasetDescriptor]? = nil
    /// The criteria beyond the paper (Gaussian and top-D subspace, docs/criteria.md); schemas
    /// before 5 read as off.
    public var criteria = CriteriaSettings()
    /// The growing-sample protocol (θ̂ₖ trained on the first k objects, docs/growing-sample.md), on
    /// the figure slices by default; nil is off, not written, and how a stored spec without the key
    /// reads.
    public var growingSample: GrowingSampleSettings? = GrowingSampleSettings()
    /// The side of the grid of the 2-D landscape surfaces (the paper's Figure 1, odd, ≤ 101), on
    /// the figure network of each variant; nil is off and how a stored spec without the key reads.
    public var surfaceGrid: Int? = 31

    public init() {}

    /// The paper's full grid.
    public static let paper = ExperimentSpec()

    /// A small grid that still has both of the paper's figures (N = 5 with h varying, h = 16
    /// with N varying) and finishes in seconds.
    public static var quick: ExperimentSpec {
        var s = ExperimentSpec()
        s.name = "quick"
        s.datasets = [.mnist, .fashionMNIST]
        s.widths = [4, 16, 64]
        s.depths = [1, 5]
        s.objects = 2_000
        s.heldOutObjects = 500
        s.training.epochs = 3
        s.permutations = 20
        s.seeds = [0, 1]
        s.criteria.spectrumRuns = 3
        s.criteria.spectrumSteps = 30
        s.criteria.traceProbes = 30
        s.criteria.spectrumOrderings = 2
        // Seconds, not minutes: the growing sample retrains every figure network per size.
        s.growingSample = nil
        s.surfaceGrid = 11
        return s
    }

    /// Datasets declared in a hand-written spec whose files are not read yet (paths made absolute).
    /// `resolvingDatasets()` reads them into `declaredDatasets`; never stored in results.
    public var declarations: [DatasetDeclaration] = []

    /// The stored keys (`declarations` is a step of reading a spec, not part of it).
    enum CodingKeys: String, CodingKey {
        case name, datasets, widths, depths, objects, heldOutObjects, training, permutations, emaFactor, seeds,
            radii, bias, measureHessian
        case hessianSeeds, encoders, declaredDatasets, criteria, growingSample, surfaceGrid
    }

    /// The datasets this spec knows by name: the built-in four and the declared ones read.
    public var datasetDescriptors: DatasetDescriptors { DatasetDescriptors(declared: declaredDatasets) }

    /// Reads a YAML or JSON spec file, touching nothing but the file: keys not given keep the
    /// paper's values (`SpecKey.all`); declared datasets stay unread in `declarations`. Every
    /// error is one line naming the file, the key and its line; unknown keys are refused.
    public static func parse(_ url: URL) throws -> ExperimentSpec {
        let text: String
        do {
            text = try String(decoding: UntrustedFile.read(url, limit: 16 << 20), as: UTF8.self)
        } catch let error as LandscapeError { throw LandscapeError(file: url.path, error.problem) }
        var root: Node?
        do {
            root = try SpecDiagnostics.compose(text)
            guard let node = root, node.mapping != nil else {
                throw LandscapeError(
                    root == nil ? "is empty" : "a spec is a mapping of keys (name, datasets, widths, …)")
            }
            // YAML is a superset of JSON, so one decoder reads both. A run folder's spec.json (the
            // stored form, with nested `training`) reads as itself; a hand-written spec's flat keys
            // override the paper's values.
            if node.mapping?["training"] != nil {
                let full = try YAMLDecoder().decode(ExperimentSpec.self, from: node)
                let known = try JSONSerialization.jsonObject(with: RunStore.encoder.encode(full))
                if let (key, line) = SpecDiagnostics.ignoredKeys(node, known: known, allowed: ["seed"]).first {
                    throw LandscapeError(
                        "line \(line): unknown key '\(key)' in a run folder's spec (not one this version writes)")
                }
                try full.validate()
                return full
            }
            var spec = ExperimentSpec()
            try SpecKey.apply(node, to: &spec, folder: url.deletingLastPathComponent())
            try spec.validate()
            return spec
        } catch let error as LandscapeError {
            throw LandscapeError(file: url.path, error.description)
        } catch {
            throw LandscapeError(file: url.path, SpecDiagnostics.describe(error, root: root))
        }
    }

    /// A decoding error as one line: the key path (`findings[0].verdict`), then what was wrong.
    public static func describe(_ error: Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        switch e {
        case let .typeMismatch(_, c), let .valueNotFound(_, c), let .keyNotFound(_, c), let .dataCorrupted(c):
            let path = SpecDiagnostics.keyPath(c.codingPath)
            return (path.isEmpty ? "" : "\(path): ") + c.debugDescription
        @unknown default: return "\(error)"
        }
    }

    /// `parse`, then `resolvingDatasets()`: the spec with its declared datasets read.
    public static func load(_ url: URL) throws -> ExperimentSpec {
        try parse(url).resolvingDatasets(declaredIn: url).spec
    }

    /// `resolvingDatasets()` for a spec read from `file` (nil: built from flags alone): an error
    /// of a declared data file keeps its name after the spec's, "spec.yaml: data.csv: line 11: …".
    public func resolvingDatasets(declaredIn file: URL?) throws -> (spec: ExperimentSpec, data: [DatasetName: Dataset])
    {
        do { return try resolvingDatasets() } catch let error as LandscapeError {
            guard let file else { throw error }
            throw LandscapeError(file: file.path, error.description)
        }
    }

    /// Reads the declared datasets' files: the spec with their descriptors (size, classes, label
    /// names, fingerprint) in `declaredDatasets`, and the objects read, for the runner's catalog.
    public func resolvingDatasets() throws -> (spec: ExperimentSpec, data: [DatasetName: Dataset]) {
        var s = self, data: [DatasetName: Dataset] = [:], declared = declaredDatasets ?? []
        for d in declarations {
            let (objects, descriptor) = try DeclaredDataset.load(d)
            declared.append(descriptor)
            data[DatasetName(rawValue: d.name)] = objects
        }
        s.declarations = []
        s.declaredDatasets = declared.isEmpty ? nil : declared
        try s.validate()
        return (s, data)
    }

    /// The `datasets` key: built-in names, and declarations whose relative paths are relative to
    /// the spec file's folder.
    mutating func setDatasets(_ entries: [DatasetEntry], folder: URL?) throws {
        var pending: [DatasetDeclaration] = []
        for case var .declared(d) in entries {
            if let problem = DatasetName.problem(d.name) { throw LandscapeError("spec: \(problem)") }
            if DatasetName(rawValue: d.name).isBuiltIn {
                throw LandscapeError("dataset '\(d.name)' is built in; give the declared dataset another name")
            }
            d.path = Self.resolve(d.path, folder: folder)
            if let labels = d.labels { d.labels = Self.resolve(labels, folder: folder) }
            pending.append(d)
        }
        // Names only (a --datasets flag) choose among what the spec declared already.
        if pending.isEmpty {
            pending = declarations
        } else {
            declaredDatasets = nil
        }
        let known = datasetDescriptors
        datasets = try entries.map { entry in
            switch entry {
            case let .declared(d): return DatasetName(rawValue: d.name)
            case let .name(text):
                if let d = known.name(userSpelling: text) { return d }
                if pending.contains(where: { $0.name == text }) { return DatasetName(rawValue: text) }
                throw LandscapeError(
                    DatasetDescriptors.unknown(text, declared: known.declared.map(\.name) + pending.map(\.name)))
            }
        }
        declarations = pending
    }

    /// `~` expanded; relative paths relative to the spec file's folder.
    static func resolve(_ path: String, folder: URL?) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        return (folder ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).appendingPathComponent(
            expanded
        ).standardizedFileURL.path
    }
}

/// A `datasets` entry: a built-in name, or a declaration (name, path, format, …).
enum DatasetEntry: Decodable {
    case name(String)
    case declared(DatasetDeclaration)

    struct Declaration: Decodable {
        var name: String
        var path: String
        var format: DatasetFormatName?
        var label: String?
        var labels: String?
        var normalise: DatasetDeclaration.Normalisation?
        var side: Int?
        var channels: Int?
        var description: String?
        var maxPixels: Int?
        var heldOut: Double?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, path, format, label, labels, normalise, side, channels, description, maxPixels, heldOut
        }
    }

    init(from decoder: Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self = .name(text)
            return
        }
        let d = try Declaration(from: decoder)
        let keys = try decoder.container(keyedBy: Declaration.CodingKeys.self)
        if d.path.isEmpty {
            throw DecodingError.dataCorruptedError(forKey: .path, in: keys, debugDescription: "path is empty")
        }
        if let f = d.heldOut, !(f > 0 && f < 1) {
            throw DecodingError.dataCorruptedError(
                forKey: .heldOut, in: keys, debugDescription: "heldOut is a fraction of the objects, in (0, 1)")
        }
        let format: DatasetFormatName
        do { format = try d.format ?? DatasetDeclaration.inferredFormat(d.path) } catch let error as LandscapeError {
            throw DecodingError.dataCorruptedError(forKey: .path, in: keys, debugDescription: error.problem)
        }
        self = .declared(
            DatasetDeclaration(
                name: d.name, path: d.path, format: format, label: d.label, labels: d.labels,
                normalise: d.normalise ?? .minmax, side: d.side, channels: d.channels, description: d.description,
                maxPixels: d.maxPixels, heldOut: d.heldOut))
    }
}

/// One network of the grid: an architecture on a variant, trained from one of the spec's seeds.
public struct Configuration: Hashable, Sendable, Comparable {
    public let variant: Variant
    public let width: Int
    public let hiddenLayers: Int
    /// The spec's seed this network is trained from (one of `ExperimentSpec.seeds`).
    public let globalSeed: UInt64

    public init(variant: Variant, width: Int, hiddenLayers: Int, globalSeed: UInt64 = 0) {
        self.variant = variant
        self.width = width
        self.hiddenLayers = hiddenLayers
        self.globalSeed = globalSeed
    }

    public init(dataset: DatasetName, width: Int, hiddenLayers: Int, globalSeed: UInt64 = 0) {
        self.init(variant: Variant(dataset: dataset), width: width, hiddenLayers: hiddenLayers, globalSeed: globalSeed)
    }

    public var dataset: DatasetName { variant.dataset }

    /// File-name-safe identity, e.g. `fashion-mnist-h16-N5-s0`, `mnist-efficientnet-lite0-h16-N5-s2`.
    public var id: String { "\(architectureID)-s\(globalSeed)" }
    /// The identity without the seed: what the seeds of one architecture share.
    public var architectureID: String { "\(variant.fileStem)-h\(width)-N\(hiddenLayers)" }

    /// The seed of everything random in this configuration, from names alone.
    public var seed: UInt64 {
        if let e = variant.encoder {
            return derivedSeed(globalSeed, dataset.rawValue, e.rawValue, "h\(width)", "N\(hiddenLayers)")
        }
        return derivedSeed(globalSeed, dataset.rawValue, "h\(width)", "N\(hiddenLayers)")
    }

    public static func < (a: Self, b: Self) -> Bool {
        a.variant != b.variant
            ? a.variant < b.variant
            : (a.width, a.hiddenLayers, a.globalSeed) < (b.width, b.hiddenLayers, b.globalSeed)
    }
}

extension ExperimentSpec {
    /// Whether the network trained from `seed` gets the Hessian measurements.
    public func measuresHessian(seed: UInt64) -> Bool {
        measureHessian && seeds.sorted().prefix(hessianSeeds).contains(seed)
    }

    /// The depth held fixed while h varies in the paper's figures (5, else the grid's middle).
    public var figureDepth: Int { depths.contains(5) ? 5 : depths.sorted()[depths.count / 2] }
    /// The width held fixed while N varies (16, else the grid's middle).
    public var figureWidth: Int { widths.contains(16) ? 16 : widths.sorted()[widths.count / 2] }

    /// Every configuration of the grid for `datasets`, in canonical order.
    public func configurations(for datasets: [DatasetName]) -> [Configuration] {
        configurations(for: datasets.map { Variant(dataset: $0) })
    }

    public func configurations(for variants: [Variant]) -> [Configuration] {
        variants.sorted().flatMap { v in
            widths.sorted().flatMap { h in
                depths.sorted().flatMap { n in
                    seeds.sorted().map { Configuration(variant: v, width: h, hiddenLayers: n, globalSeed: $0) }
                }
            }
        }
    }
}

extension ExperimentSpec {
    private enum LegacyKeys: String, CodingKey {
        /// Schemas 1–3: one global seed (now `seeds`).
        case seed
    }

    /// Reads every schema's spec: keys a version lacks keep the paper's values, and schemas 1–3's
    /// single `seed` becomes `seeds: [seed]`.
    public init(from decoder: Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? name
        datasets = try c.decodeIfPresent([DatasetName].self, forKey: .datasets) ?? datasets
        widths = try c.decodeIfPresent([Int].self, forKey: .widths) ?? widths
        depths = try c.decodeIfPresent([Int].self, forKey: .depths) ?? depths
        objects = try c.decodeIfPresent(Int.self, forKey: .objects) ?? objects
        heldOutObjects = try c.decodeIfPresent(Int.self, forKey: .heldOutObjects) ?? 0
        training = try c.decodeIfPresent(TrainingSettings.self, forKey: .training) ?? training
        permutations = try c.decodeIfPresent(Int.self, forKey: .permutations) ?? permutations
        emaFactor = try c.decodeIfPresent(Double.self, forKey: .emaFactor) ?? emaFactor
        radii = try c.decodeIfPresent([Double].self, forKey: .radii) ?? radii
        bias = try c.decodeIfPresent(Bool.self, forKey: .bias) ?? bias
        measureHessian = try c.decodeIfPresent(Bool.self, forKey: .measureHessian) ?? measureHessian
        hessianSeeds = try c.decodeIfPresent(Int.self, forKey: .hessianSeeds) ?? hessianSeeds
        encoders = try c.decodeIfPresent([Encoder].self, forKey: .encoders) ?? []
        declaredDatasets = try c.decodeIfPresent([DatasetDescriptor].self, forKey: .declaredDatasets)
        for d in declaredDatasets ?? [] {
            if let problem = DatasetName.problem(d.name) ?? d.declaration.flatMap({ DatasetName.problem($0.name) }) {
                throw DecodingError.dataCorruptedError(forKey: .declaredDatasets, in: c, debugDescription: problem)
            }
        }
        criteria = try c.decodeIfPresent(CriteriaSettings.self, forKey: .criteria) ?? .off
        growingSample = try c.decodeIfPresent(GrowingSampleSettings.self, forKey: .growingSample)
        surfaceGrid = try c.decodeIfPresent(Int.self, forKey: .surfaceGrid)
        if let seeds = try c.decodeIfPresent([UInt64].self, forKey: .seeds) {
            self.seeds = seeds
        } else {
            seeds = [try decoder.container(keyedBy: LegacyKeys.self).decodeIfPresent(UInt64.self, forKey: .seed) ?? 0]
        }
    }
}
