import Foundation
import LandscapeExperiment
import LandscapeFindings

/// What changed between two results files: the spec, the configurations present, and per
/// configuration the numbers that matter.
public struct ResultsDiff {
    public struct SpecChange: Codable, Equatable {
        public let field: String, old: String, new: String
        public init(field: String, old: String, new: String) { self.field = field; self.old = old; self.new = new }
    }

    public struct Row: Codable, Equatable {
        public let configuration: String
        public let metric: String
        public let old: Double?
        public let new: Double?
        /// False for numbers that vary run to run (runtime): shown, never gated.
        public let gated: Bool
        public var delta: Double? { old.flatMap { o in new.map { $0 - o } } }
        public var relative: Double? {
            old.flatMap { o in delta.map { o == 0 ? ($0 == 0 ? 0 : .infinity) : $0 / abs(o) } }
        }
        public var changed: Bool { old != new }
    }

    /// One metric of one architecture, averaged over its trained seeds on each side: a change is
    /// "within seed noise" when it is no larger than the across-seed standard deviation (the
    /// larger of the two sides').
    public struct SeedRow: Codable, Equatable {
        public let architecture: String
        public let metric: String
        public let oldMean: Double, newMean: Double
        public let oldSD: Double, newSD: Double
        public let seeds: Int
        public var delta: Double { newMean - oldMean }
        public var noise: Double { max(oldSD, newSD) }
        public var changed: Bool { oldMean != newMean }
        public var withinNoise: Bool { abs(delta) <= noise }
    }

    /// A finding whose verdict differs between the sides (matched by id): always a change.
    public struct VerdictChange: Codable, Equatable {
        public let id: String
        public let claim: String
        public let kind: Finding.Kind
        public let old: Finding.Verdict
        public let new: Finding.Verdict
    }

    public let a: String, b: String
    /// Listed first in every format, and any one makes the exit status 1.
    public let verdictChanges: [VerdictChange]
    /// Findings only one side has (a new or retired claim): shown, not a change by themselves.
    public let findingsOnlyInA: [String]
    public let findingsOnlyInB: [String]
    public let specChanges: [SpecChange]
    public let onlyInA: [String]
    public let onlyInB: [String]
    public let rows: [Row]
    /// Seed-averaged rows, when both sides have at least two trained seeds of an architecture.
    public let seedRows: [SeedRow]
    /// Significant digits of the numbers a text or Markdown diff prints (`--precision`).
    public var precision = 6

    /// The metrics compared, in table order.
    static let metrics: [(String, @Sendable (ConfigurationResult) -> Double?)] = [
        ("final |ΔL| EMA", { $0.finalEMA }),
        ("final |ΔL| mean", { $0.finalMean }),
        ("mean loss", { $0.meanLoss }),
        ("accuracy", { $0.accuracy }),
        (
            "status (0 trained, 1 dead, 2 diverged, 3 untrained)",
            { c in
                switch c.status {
                case .trained: 0
                case .dead: 1
                case .diverged: 2
                case .untrained: 3
                }
            }
        ),
        ("M_W", { $0.constants.spectralBound }),
        ("M", { $0.constants.largestWeight }),
        ("M_x", { $0.constants.inputBound }),
        ("M_ℓ", { $0.constants.largestLoss }),
        ("log₁₀ Theorem 1", { $0.theoremOne.log10 }),
        ("log₁₀ Lemma 1", { $0.lemmaOne.log10 }),
        ("log₁₀ Lemma 2 (R = 0)", { $0.lemmaTwoAtFinalK.first?.bound.log10 }),
    ]

    /// The names of `metrics`: the rows every configuration gets, whatever changed.
    static let headlineMetrics = Set(metrics.map(\.0))

    public init(_ a: ResultsSource, _ b: ResultsSource) {
        self.a = a.label
        self.b = b.label
        let oldFindings = Dictionary(a.findings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newIDs = Set(b.findings.map(\.id))
        verdictChanges = b.findings.compactMap { f in
            guard let o = oldFindings[f.id], o.verdict != f.verdict else { return nil }
            return VerdictChange(id: f.id, claim: f.claim, kind: f.kind, old: o.verdict, new: f.verdict)
        }
        findingsOnlyInA = a.findings.map(\.id).filter { !newIDs.contains($0) }
        findingsOnlyInB = b.findings.map(\.id).filter { oldFindings[$0] == nil }
        specChanges = Self.specChanges(a.results.spec, b.results.spec)
        let idsA = Set(a.results.configurations.map(\.id)), idsB = Set(b.results.configurations.map(\.id))
        onlyInA = a.results.configurations.map(\.id).filter { !idsB.contains($0) }
        onlyInB = b.results.configurations.map(\.id).filter { !idsA.contains($0) }
        var rows: [Row] = []
        for ca in a.results.configurations {
            guard let cb = b.results.configurations.first(where: { $0.id == ca.id }) else { continue }
            for (name, value) in Self.metrics {
                rows.append(Row(configuration: ca.id, metric: name, old: value(ca), new: value(cb), gated: true))
            }
            rows.append(
                Row(
                    configuration: ca.id, metric: "runtime s", old: a.provenance?.configurationSeconds[ca.id],
                    new: b.provenance?.configurationSeconds[ca.id], gated: false))
        }
        var walked: [String: [String: Double]] = [:]
        let records = Self.recordRows(a.results, b.results, walked: &walked)
        self.rows = rows + records
        seedRows =
            Self.seedRows(a.results, b.results)
            + Self.recordSeedRows(a.results, b.results, rows: records, walked: walked)
    }

    /// The metrics averaged over seeds (status is a label, not a number to average).
    static var seedMetrics: [(String, @Sendable (ConfigurationResult) -> Double?)] {
        metrics.filter { !$0.0.hasPrefix("status") }
    }

    static func seedRows(_ a: Results, _ b: Results) -> [SeedRow] {
        let groupsB = Dictionary(SeedGroup.groups(b).map { ($0.architectureID, $0) }, uniquingKeysWith: { x, _ in x })
        return SeedGroup.groups(a).flatMap { ga -> [SeedRow] in
            guard let gb = groupsB[ga.architectureID], ga.trained.count > 1, gb.trained.count > 1 else { return [] }
            return seedMetrics.compactMap { name, value in
                let sa = ga.statistic(value), sb = gb.statistic(value)
                guard sa.count > 1, sb.count > 1 else { return nil }
                return SeedRow(
                    architecture: ga.architectureID, metric: name, oldMean: sa.mean, newMean: sb.mean, oldSD: sa.sd,
                    newSD: sb.sd,
                    seeds: min(sa.count, sb.count))
            }
        }
    }

    /// Seed-averaged numbers that moved beyond the seed noise and beyond the tolerances.
    public func seedViolations(rtol: Double, atol: Double) -> [SeedRow] {
        seedRows.filter { r in
            if r.oldMean.isNaN || r.newMean.isNaN { return r.oldMean.isNaN != r.newMean.isNaN }
            return !r.withinNoise && abs(r.delta) > atol + rtol * abs(r.oldMean)
        }
    }

    /// Rows whose gated number moved beyond |new − old| ≤ atol + rtol·|old| (or appeared/vanished).
    public func violations(rtol: Double, atol: Double) -> [Row] {
        rows.filter { r in
            guard r.gated else { return false }
            guard let o = r.old, let n = r.new else { return r.old != r.new }
            if o.isNaN || n.isNaN { return o.isNaN != n.isNaN }
            return abs(n - o) > atol + rtol * abs(o)
        }
    }

    /// The `diff` command's exit status: 0 when nothing moved beyond the tolerances and the spec
    /// and configurations agree, 1 otherwise. With several seeds on both sides (and not `exact`),
    /// numbers are judged by their seed means against the seed noise, so a change that only
    /// reorders floating-point sums is not a regression; otherwise every number is judged alone.
    public func exitStatus(rtol: Double, atol: Double, exact: Bool = false) -> Int32 {
        let moved: Bool
        if !exact && !seedRows.isEmpty {
            // Numbers with seed noise are judged by their means; record numbers without it alone.
            let judged = Set(seedRows.map { "\($0.architecture) \($0.metric)" })
            let alone = violations(rtol: rtol, atol: atol).filter { row in
                !Self.headlineMetrics.contains(row.metric)
                    && !judged.contains("\(Self.architecture(ofID: row.configuration)) \(row.metric)")
            }
            moved = !seedViolations(rtol: rtol, atol: atol).isEmpty || !alone.isEmpty
        } else {
            moved = !violations(rtol: rtol, atol: atol).isEmpty
        }
        return !moved && verdictChanges.isEmpty && specChanges.isEmpty && onlyInA.isEmpty && onlyInB.isEmpty ? 0 : 1
    }

    /// True when nothing differs: spec, configurations, and every gated number.
    public var isEmpty: Bool {
        verdictChanges.isEmpty && specChanges.isEmpty && onlyInA.isEmpty && onlyInB.isEmpty
            && !rows.contains { $0.gated && $0.changed }
    }

    static func specChanges(_ a: ExperimentSpec, _ b: ExperimentSpec) -> [SpecChange] {
        let fa = flatten(a), fb = flatten(b)
        return Set(fa.keys).union(fb.keys).sorted().compactMap { key in
            fa[key] == fb[key] ? nil : SpecChange(field: key, old: fa[key] ?? "—", new: fb[key] ?? "—")
        }
    }

    /// A JSON value as text with its keys sorted (a dictionary's `description` has no fixed order).
    static func canonical(_ value: Any) -> String {
        guard value is [String: Any] || value is [Any],
            let data = try? JSONSerialization.data(
                withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The spec as "training.epochs" → "10" pairs.
    static func flatten(_ spec: ExperimentSpec) -> [String: String] {
        guard let data = try? RunStore.encoder.encode(spec), let object = try? JSONSerialization.jsonObject(with: data)
        else { return [:] }
        var out: [String: String] = [:]
        func walk(_ value: Any, _ path: String) {
            if let dict = value as? [String: Any] {
                for (k, v) in dict { walk(v, path.isEmpty ? k : "\(path).\(k)") }
            } else if let array = value as? [Any] {
                out[path] = "[" + array.map(canonical).joined(separator: ", ") + "]"
            } else {
                out[path] = "\(value)"
            }
        }
        walk(object, "")
        return out
    }
}
