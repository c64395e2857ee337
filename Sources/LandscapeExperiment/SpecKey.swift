import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeData
import LandscapeEncoders
import Yams

/// One key of a hand-written spec file, declared once: its name, what it sets in
/// `ExperimentSpec`, its allowed range and its help line. The spec reader, the `--spec` help's key
/// list, the command-line flags (each flag's text and help go through its key) and the key table
/// of docs/spec-keys.md come from `SpecKey.all`; `SpecKeyTests` fails when a flag or that table
/// disagrees.
public struct SpecKey {
    public let name: String
    public let help: String
    /// The allowed values, as the help and the errors show them (from `ExperimentSpec.Limits`).
    public let range: String?
    /// Decodes the key's node and sets the spec; `folder` is the spec file's folder.
    let apply: (inout ExperimentSpec, Node, URL?) throws -> Void
    /// The key's value in a spec, as the key table shows it.
    let show: (ExperimentSpec) -> String

    /// A key whose value decodes as `T` and is stored at `path`.
    static func value<T: Decodable>(
        _ name: String, _ path: WritableKeyPath<ExperimentSpec, T>, range: String? = nil,
        _ help: String
    ) -> SpecKey {
        SpecKey(
            name: name, help: help, range: range,
            apply: { spec, node, _ in spec[keyPath: path] = try decode(T.self, node, key: name) },
            show: { text($0[keyPath: path]) })
    }

    /// A key whose decoded value is turned into the spec's by `set` (enumerations, renames).
    static func custom<T: Decodable>(
        _ name: String, _ type: T.Type, range: String? = nil, _ help: String,
        show: @escaping (ExperimentSpec) -> Any,
        _ set: @escaping (inout ExperimentSpec, T, URL?) throws -> Void
    ) -> SpecKey {
        SpecKey(
            name: name, help: help, range: range,
            apply: { spec, node, folder in try set(&spec, decode(T.self, node, key: name), folder) },
            show: { text(show($0)) })
    }

    /// A value as the key table prints it: lists as `[a, b]`, raw values of enumerations.
    static func text(_ value: Any) -> String {
        if let list = value as? [Any] { return "[" + list.map(text).joined(separator: ", ") + "]" }
        if let raw = value as? any RawRepresentable { return "\(raw.rawValue)" }
        if let d = value as? Double { return "\(d)" }
        return "\(value)"
    }

    /// The key table of docs/spec-keys.md: every key, its paper and quick values, range, meaning.
    public static var markdownTable: String {
        let rows = all.map { k in
            "| `\(k.name)` | \(k.show(.paper)) | \(k.show(.quick)) | \(k.range ?? "") | \(k.help) |"
        }
        return (["| key | paper | quick | allowed | meaning |", "|---|---|---|---|---|"] + rows).joined(separator: "\n")
            + "\n"
    }

    static func span<T>(_ r: ClosedRange<T>) -> String { "\(r.lowerBound)…\(r.upperBound)" }

    /// Every key, in the order the help lists them.
    public static var all: [SpecKey] {
        typealias L = ExperimentSpec.Limits
        return [
            .value("name", \.name, "run name (the output folder's name)"),
            .custom(
                "datasets", [DatasetEntry].self,
                "datasets: built-in names (\(DatasetName.allCases.map(\.rawValue).joined(separator: ", "))) or declared ones; in a spec file also declarations (\(DatasetEntry.Declaration.CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")))",
                show: \.datasets
            ) {
                spec, entries, folder in try spec.setDatasets(entries, folder: folder)
            },
            .value("widths", \.widths, range: span(L.widths), "hidden widths h"),
            .value("depths", \.depths, range: span(L.depths), "numbers of hidden h×h layers N"),
            .value(
                "objects", \.objects, range: "2…(a built-in dataset's training objects)",
                "objects m used of each training split (the first m)"),
            .value(
                "heldOutObjects", \.heldOutObjects, range: span(L.heldOutObjects),
                "held-out objects (the first of each test split, or of a declared dataset's heldOut fraction); 0: none"
            ),
            .value(
                "epochs", \.training.epochs, range: span(L.epochs), "training epochs (with a trainingTarget, the most)"),
            .custom(
                "trainingTarget", Double.self, range: "(0, 100]",
                "train until the epoch's mean training loss reaches this (or stops improving); absent: fixed epochs",
                show: { $0.training.target.map { "\($0)" } ?? "—" }
            ) { spec, target, _ in spec.training.target = target },
            .value(
                "patience", \.training.patience, range: span(L.patience),
                "with a trainingTarget, stop after this many epochs in a row that improved the best loss by < 1 %"),
            .value("batchSize", \.training.batchSize, range: span(L.batchSize), "Adam's batch size"),
            .value("learningRate", \.training.adam.learningRate, range: span(L.learningRate), "Adam's step size"),
            .value("permutations", \.permutations, range: span(L.permutations), "orderings averaged per curve"),
            .value("emaFactor", \.emaFactor, range: "[0, 1)", "the EMA factor of the paper's smoothed figures"),
            .custom("seed", UInt64.self, "one training seed (the same as seeds: [seed])", show: { _ in "—" }) {
                spec, seed, _ in spec.seeds = [seed]
            },
            .value(
                "seeds", \.seeds, range: "1…\(L.seeds.upperBound) seeds",
                "training seeds (each configuration is trained once per seed)"),
            .value("radii", \.radii, range: span(L.radii), "radii of Lemma 2 off θ̂, as fractions of ‖θ̂ − θ_init‖"),
            .value("bias", \.bias, "biases in every linear layer (the paper's networks have none)"),
            .value("measureHessian", \.measureHessian, "measure the Hessian"),
            .value(
                "hessianSeeds", \.hessianSeeds, range: "1…(number of seeds)",
                "how many of the seeds get the Hessian measurements"),
            .custom(
                "encoders", [String].self,
                "pretrained encoders (\(Encoder.allCases.map(\.rawValue).joined(separator: ", ")))",
                show: \.encoders
            ) {
                spec, texts, _ in spec.encoders = try texts.map(choice("encoder"))
            },
            .custom(
                "criteria", [String].self,
                "criteria beyond the paper (\(CriterionName.allCases.map(\.rawValue).joined(separator: ", ")); [] = off)",
                show: \.criteria.kinds
            ) {
                spec, texts, _ in spec.criteria.kinds = try texts.map(choice("criterion"))
            },
            .value(
                "sigmas", \.criteria.sigmas, range: span(L.sigma),
                "perturbation scales σ of the Gaussian and subspace criteria"),
            .value(
                "subspaceDimensions", \.criteria.dimensions, range: "a number, K, or a multiple such as 4K",
                "subspace dimensions D"),
            .value(
                "draws", \.criteria.draws, range: span(L.draws) + ", even", "Monte-Carlo draws per σ (antithetic pairs)"
            ),
            .value(
                "probes", \.criteria.probes, range: span(L.probes), "Hutchinson probes of the full-space closed form"),
            .value(
                "subspaceObjects", \.criteria.subspaceObjects, range: span(L.subspaceObjects),
                "the k whose H^(k) gives the top-D eigenvectors"),
            .value(
                "subspaceMonteCarlo", \.criteria.subspaceMonteCarlo,
                "also estimate the subspace criterion by Monte Carlo"),
            .value("tailFrom", \.criteria.tailFrom, range: "1…objects", "decay exponents are fitted on k ≥ tailFrom"),
            .value(
                "epsilons", \.criteria.epsilons, range: "(0, 1000)", "thresholds ε of the sufficient sample size k*(ε)"),
            .value(
                "spectrumRuns", \.criteria.spectrumRuns, range: span(L.spectrumRuns),
                "stochastic Lanczos quadrature runs of the spectrum (Rademacher starts)"),
            .value(
                "spectrumSteps", \.criteria.spectrumSteps, range: span(L.spectrumSteps),
                "Lanczos steps per quadrature run (full reorthogonalisation)"),
            .value(
                "spectrumSizes", \.criteria.spectrumSizes, range: span(L.spectrumSizes),
                "the k < m whose spectral densities are drawn besides m's"),
            .value(
                "traceProbes", \.criteria.traceProbes, range: span(L.traceProbes),
                "products of the Hutchinson and Hutch++ traces (checked against the exact trace)"),
            .value(
                "spectrumOrderings", \.criteria.spectrumOrderings, range: span(L.spectrumOrderings),
                "orderings averaged in the spectral-convergence curve (0: no curve)"),
            .value(
                "spectrumEverywhere", \.criteria.spectrumEverywhere,
                "densities, probe traces and convergence on every criteria network, not only the figures' one"),
            .value("criteriaAll", \.criteria.allConfigurations, "the criteria on every Hessian-measured configuration"),
            .custom(
                "growingSample", String.self,
                range: GrowingSampleSettings.Scope.allCases.map(\.rawValue).joined(separator: ", "),
                "the growing-sample protocol (θ̂ₖ trained on the first k objects): off, the figure slices at every seed, or all networks",
                show: { $0.growingSample?.scope ?? .off }
            ) {
                spec, text, _ in
                var settings = spec.growingSample ?? GrowingSampleSettings()
                settings.scope = try choice("growingSample scope")(text)
                spec.growingSample = settings.scope == .off ? nil : settings
            },
            .custom(
                "growingSizes", [Int].self, range: span(L.growingSizes),
                "the sizes k < m at which θ̂ₖ is trained (m is always added)",
                show: { ($0.growingSample ?? GrowingSampleSettings()).sizes }
            ) {
                spec, sizes, _ in
                // growingSample is applied first (keys apply in this list's order).
                guard spec.growingSample != nil else {
                    throw LandscapeError("growingSizes needs growingSample: figures or all")
                }
                spec.growingSample?.sizes = sizes
            },
            .custom(
                "surfaceGrid", Int.self,
                range: "0 (off) or odd, \(L.surfaceGrid.lowerBound)…\(L.surfaceGrid.upperBound)",
                "the side of the grid of the 2-D landscape surfaces ℒₖ(θ̂ + α·d₁ + β·d₂), the paper's Figure 1",
                show: { $0.surfaceGrid ?? 0 }
            ) {
                spec, side, _ in spec.surfaceGrid = side == 0 ? nil : side
            },
        ]
    }

    public static func named(_ name: String) -> SpecKey? { all.first { $0.name == name } }

    /// A command-line flag's help from its key: the key's help and range, and for list flags
    /// that the values are comma-separated. Flags and keys cannot describe a value differently.
    public static func flagHelp(_ name: String, list: Bool = false) -> String {
        guard let key = named(name) else { preconditionFailure("no spec key '\(name)'") }
        let text = key.help.prefix(1).uppercased() + key.help.dropFirst()
        return text + (list ? ", comma-separated" : "") + (key.range.map { " (\($0))" } ?? "") + "."
    }

    /// The `--spec` help's key list.
    public static var helpList: String { all.map(\.name).joined(separator: ", ") }

    /// Sets every key of a spec file's mapping on `spec`; unknown keys are refused with the nearest.
    static func apply(_ root: Node, to spec: inout ExperimentSpec, folder: URL?) throws {
        try SpecDiagnostics.checkKeys(
            root, allowed: all.map(\.name),
            nested: ["datasets": DatasetEntry.Declaration.CodingKeys.allCases.map(\.rawValue)])
        let keys = all
        // A later key wins over an earlier one only where the file says so: `seeds` over `seed`.
        for (key, value) in (root.mapping.map { Array($0) } ?? []).sorted(by: {
            order(keys, $0.key) < order(keys, $1.key)
        }) {
            guard let name = key.scalar?.string, let k = keys.first(where: { $0.name == name }), value.null == nil
            else { continue }
            try k.apply(&spec, value, folder)
        }
    }

    /// A command-line flag's text through key `name`: `list` splits at commas (an empty text is
    /// the empty list). Errors name the flag: "--widths: 'x' is not an integer".
    public static func set(_ name: String, list text: String, on spec: inout ExperimentSpec) throws {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        try set(name, node: Node(text.isEmpty ? [] : items.map { Node($0) }), on: &spec)
    }

    public static func set(_ name: String, value text: String, on spec: inout ExperimentSpec) throws {
        try set(name, node: Node(text), on: &spec)
    }

    static func set(_ name: String, node: Node, on spec: inout ExperimentSpec) throws {
        guard let key = named(name) else { preconditionFailure("no spec key '\(name)'") }
        let flag =
            "--"
            + name.unicodeScalars.map {
                CharacterSet.uppercaseLetters.contains($0) ? "-" + String($0).lowercased() : String($0)
            }.joined()
        do { try key.apply(&spec, node, nil) } catch let error as LandscapeError {
            throw LandscapeError("\(flag): \(error.problem)")
        } catch {
            throw LandscapeError("\(flag): " + SpecDiagnostics.describe(error, root: Node([(Node(name), node)])))
        }
    }

    static func order(_ keys: [SpecKey], _ key: Node) -> Int {
        keys.firstIndex { $0.name == key.scalar?.string } ?? keys.count
    }

    /// Decodes a key's node; errors keep the key in their path, so they name it and its line.
    static func decode<T: Decodable>(_ type: T.Type, _ node: Node, key: String) throws -> T {
        do { return try YAMLDecoder().decode(T.self, from: node) } catch let error as DecodingError {
            throw error.prefixed(by: key)
        } catch let error as LandscapeError {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [AnyKey(key)], debugDescription: error.problem, underlyingError: error))
        }
    }
}

/// A coding key made from text (a spec key's name in a decoding error's path).
struct AnyKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(_ text: String) { stringValue = text; intValue = nil }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { stringValue = "\(intValue)"; self.intValue = intValue }
}

extension DecodingError {
    /// The same error with `key` in front of its coding path.
    func prefixed(by key: String) -> DecodingError {
        func context(_ c: Context) -> Context {
            Context(
                codingPath: [AnyKey(key)] + c.codingPath, debugDescription: c.debugDescription,
                underlyingError: c.underlyingError)
        }
        switch self {
        case let .typeMismatch(t, c): return .typeMismatch(t, context(c))
        case let .valueNotFound(t, c): return .valueNotFound(t, context(c))
        case let .keyNotFound(k, c): return .keyNotFound(k, context(c))
        case let .dataCorrupted(c): return .dataCorrupted(context(c))
        @unknown default: return self
        }
    }
}

extension SpecKey {
    /// A spec's spelling of an enumerated value (any case), or the one-line error listing them:
    /// "unknown encoder 'resnet' (efficientnet-lite0, vit-b16)".
    static func choice<E: RawRepresentable & CaseIterable>(_ what: String) -> (String) throws -> E
    where E.RawValue == String {
        { text in
            // By the listed cases, not `init(rawValue:)`: a registry's name type accepts any text.
            guard let value = E.allCases.first(where: { $0.rawValue == text.lowercased() }) else {
                throw LandscapeError(
                    "unknown \(what) '\(text)' (\(E.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return value
        }
    }
}
