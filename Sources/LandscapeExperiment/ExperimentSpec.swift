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
        s.training.epochs = 3
        s.permutations = 20
        s.seeds = [0, 1]
        return s
    }

    /// Reads a YAML or JSON spec file; keys not given keep the paper's values. Every error is
    /// one line naming the file, the key and its line; unknown keys are refused.
    public static func load(_ url: URL) throws -> ExperimentSpec {
        let text: String
        do {
            text = try String(decoding: UntrustedFile.read(url, limit: 16 << 20), as: UTF8.self)
        } catch let error as LandscapeError { throw LandscapeError(file: url.path, error.problem) }
        var root: Node?
        do {
            root = try SpecDiagnostics.compose(text)
            guard let node = root, node.mapping != nil else {
                throw LandscapeError(root == nil ? "is empty" : "a spec is a mapping of keys (name, datasets, widths, …)")
            }
            // YAML is a superset of JSON, so one decoder reads both. A run folder's spec.json (the
            // full form, with nested `training`) reads as itself; a hand-written spec's flat keys
            // override the paper's values.
            if node.mapping?["training"] != nil {
                let full = try YAMLDecoder().decode(ExperimentSpec.self, from: node)
                let known = try JSONSerialization.jsonObject(with: RunStore.encoder.encode(full))
                if let (key, line) = SpecDiagnostics.ignoredKeys(node, known: known, allowed: ["seed"]).first {
                    throw LandscapeError("line \(line): unknown key '\(key)' in a run folder's spec (not one this version writes)")
                }
                try full.validate()
                return full
            }
            try SpecDiagnostics.checkKeys(node, allowed: PartialSpec.CodingKeys.allCases.map(\.rawValue),
                                          nested: ["datasets": DatasetEntry.Declaration.CodingKeys.allCases.map(\.rawValue)])
            var partial = try YAMLDecoder().decode(PartialSpec.self, from: node)
            partial.folder = url.deletingLastPathComponent()
            return try partial.applied(to: ExperimentSpec())
        } catch let error as LandscapeError {
            // A declared data file's own errors keep its name: "spec.yaml: data.csv: line 11: …".
            throw LandscapeError(file: url.path, error.description)
        } catch {
            throw LandscapeError(file: url.path, SpecDiagnostics.describe(error, root: root))
        }
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? DecodingError {
            switch e {
            case let .typeMismatch(_, c), let .valueNotFound(_, c), let .keyNotFound(_, c), let .dataCorrupted(c):
                let path = c.codingPath.map(\.stringValue).joined(separator: ".")
                return (path.isEmpty ? "" : "\(path): ") + c.debugDescription
            @unknown default: break
            }
        }
        return "\(error)"
    }
}

/// A spec file: every key optional.
struct PartialSpec: Decodable {
    var name: String?
    var datasets: [DatasetEntry]?
    /// The spec file's folder: relative dataset paths are relative to it.
    var folder: URL? = nil
    var widths: [Int]?
    var depths: [Int]?
    var objects: Int?
    var epochs: Int?
    var batchSize: Int?
    var learningRate: Double?
    var permutations: Int?
    var emaFactor: Double?
    var seed: UInt64?
    var seeds: [UInt64]?
    var radii: [Double]?
    var bias: Bool?
    var measureHessian: Bool?
    var hessianSeeds: Int?
    var encoders: [String]?
    // The criteria beyond the paper (CriteriaSettings).
    var criteria: [String]?
    var sigmas: [Double]?
    var subspaceDimensions: [String]?
    var draws: Int?
    var probes: Int?
    var subspaceObjects: Int?
    var subspaceMonteCarlo: Bool?
    var tailFrom: Int?
    var epsilons: [Double]?
    var criteriaAll: Bool?

    /// The keys a spec file may hold (unknown ones are refused with the nearest of these).
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, datasets, widths, depths, objects, epochs, batchSize, learningRate, permutations, emaFactor, seed, seeds, radii, bias
        case measureHessian, hessianSeeds, encoders, criteria, sigmas, subspaceDimensions, draws, probes, subspaceObjects
        case subspaceMonteCarlo, tailFrom, epsilons, criteriaAll
    }

    func applied(to base: ExperimentSpec) throws -> ExperimentSpec {
        var s = base
        if let name { s.name = name }
        if let datasets {
            var declared: [DatasetDescriptor] = []
            s.datasets = try datasets.map { entry in
                switch entry {
                case let .name(text):
                    guard let d = DatasetName(userSpelling: text) else {
                        throw LandscapeError("unknown dataset '\(text)' (built in: \(DatasetName.allCases.map(\.rawValue).joined(separator: ", ")); or declare one with name, path, format)")
                    }
                    return d
                case var .declared(d):
                    d.path = Self.resolve(d.path, folder: folder)
                    if let labels = d.labels { d.labels = Self.resolve(labels, folder: folder) }
                    if let problem = DatasetName.problem(d.name) { throw LandscapeError("spec: \(problem)") }
                    let (data, descriptor) = try DeclaredDataset.load(d)
                    try DatasetRegistry.register(descriptor, data: data)
                    declared.append(descriptor)
                    return DatasetName(rawValue: d.name)
                }
            }
            s.declaredDatasets = declared.isEmpty ? nil : declared
        }
        if let widths { s.widths = widths }
        if let depths { s.depths = depths }
        if let objects { s.objects = objects }
        if let epochs { s.training.epochs = epochs }
        if let batchSize { s.training.batchSize = batchSize }
        if let learningRate { s.training.adam.learningRate = learningRate }
        if let permutations { s.permutations = permutations }
        if let emaFactor { s.emaFactor = emaFactor }
        if let seed { s.seeds = [seed] }
        if let seeds { s.seeds = seeds }
        if let radii { s.radii = radii }
        if let bias { s.bias = bias }
        if let measureHessian { s.measureHessian = measureHessian }
        if let hessianSeeds { s.hessianSeeds = hessianSeeds }
        if let encoders {
            s.encoders = try encoders.map { text in
                guard let e = Encoder(rawValue: text.lowercased()) else { throw LandscapeError("unknown encoder '\(text)'") }
                return e
            }
        }
        if let criteria {
            s.criteria.kinds = try criteria.map { text in
                guard let k = CriteriaSettings.Kind(rawValue: text.lowercased()) else { throw LandscapeError("unknown criterion '\(text)' (gaussian, subspace)") }
                return k
            }
        }
        if let sigmas { s.criteria.sigmas = sigmas }
        if let subspaceDimensions { s.criteria.dimensions = subspaceDimensions }
        if let draws { s.criteria.draws = draws }
        if let probes { s.criteria.probes = probes }
        if let subspaceObjects { s.criteria.subspaceObjects = subspaceObjects }
        if let subspaceMonteCarlo { s.criteria.subspaceMonteCarlo = subspaceMonteCarlo }
        if let tailFrom { s.criteria.tailFrom = tailFrom }
        if let epsilons { s.criteria.epsilons = epsilons }
        if let criteriaAll { s.criteria.allConfigurations = criteriaAll }
        try s.validate()
        return s
    }
}

/// A `datasets` entry: a built-in name, or a declaration (name, path, format, …).
enum DatasetEntry: Decodable {
    case name(String)
    case declared(DatasetDeclaration)

    struct Declaration: Decodable {
        var name: String
        var path: String
        var format: DatasetDeclaration.Format?
        var label: String?
        var labels: String?
        var normalise: DatasetDeclaration.Normalisation?
        var side: Int?
        var channels: Int?
        var description: String?
        var maxPixels: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, path, format, label, labels, normalise, side, channels, description, maxPixels
        }
    }

    init(from decoder: Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self = .name(text)
            return
        }
        let d = try Declaration(from: decoder)
        let keys = try decoder.container(keyedBy: Declaration.CodingKeys.self)
        if d.path.isEmpty { throw DecodingError.dataCorruptedError(forKey: .path, in: keys, debugDescription: "path is empty") }
        let format: DatasetDeclaration.Format
        do { format = try d.format ?? DatasetDeclaration.inferredFormat(d.path) } catch let error as LandscapeError {
            throw DecodingError.dataCorruptedError(forKey: .path, in: keys, debugDescription: error.problem)
        }
        self = .declared(DatasetDeclaration(name: d.name, path: d.path, format: format, label: d.label, labels: d.labels,
                                            normalise: d.normalise ?? .minmax, side: d.side, channels: d.channels, description: d.description,
                                            maxPixels: d.maxPixels))
    }
}

extension PartialSpec {
    /// `~` expanded; relative paths relative to the spec file's folder.
    static func resolve(_ path: String, folder: URL?) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        return (folder ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).appendingPathComponent(expanded).standardizedFileURL.path
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
        if let e = variant.encoder { return derivedSeed(globalSeed, dataset.rawValue, e.rawValue, "h\(width)", "N\(hiddenLayers)") }
        return derivedSeed(globalSeed, dataset.rawValue, "h\(width)", "N\(hiddenLayers)")
    }

    public static func < (a: Self, b: Self) -> Bool {
        a.variant != b.variant ? a.variant < b.variant
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
                depths.sorted().flatMap { n in seeds.sorted().map { Configuration(variant: v, width: h, hiddenLayers: n, globalSeed: $0) } }
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
        // Reports and diffs of a run on declared data know its datasets from the run's spec.
        for d in declaredDatasets ?? [] where !DatasetRegistry.isRegistered(DatasetName(rawValue: d.name)) { try? DatasetRegistry.register(d) }
        criteria = try c.decodeIfPresent(CriteriaSettings.self, forKey: .criteria) ?? .off
        if let seeds = try c.decodeIfPresent([UInt64].self, forKey: .seeds) {
            self.seeds = seeds
        } else {
            seeds = [try decoder.container(keyedBy: LegacyKeys.self).decodeIfPresent(UInt64.self, forKey: .seed) ?? 0]
        }
    }
}
