import Foundation
import LandscapeExperiment

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
        public var relative: Double? { old.flatMap { o in delta.map { o == 0 ? ($0 == 0 ? 0 : .infinity) : $0 / abs(o) } } }
        public var changed: Bool { old != new }
    }

    public let a: String, b: String
    public let specChanges: [SpecChange]
    public let onlyInA: [String]
    public let onlyInB: [String]
    public let rows: [Row]

    /// The metrics compared, in table order.
    nonisolated(unsafe) static let metrics: [(String, @Sendable (ConfigurationResult) -> Double?)] = [
        ("final |ΔL| EMA", { $0.finalEMA }),
        ("final |ΔL| mean", { $0.finalMean }),
        ("mean loss", { $0.meanLoss }),
        ("accuracy", { $0.accuracy }),
        ("status (0 trained, 1 dead, 2 diverged)", { c in Double(c.status == .trained ? 0 : c.status == .dead ? 1 : 2) }),
        ("M_W", { $0.constants.spectralBound }),
        ("M", { $0.constants.largestWeight }),
        ("M_x", { $0.constants.inputBound }),
        ("M_ℓ", { $0.constants.largestLoss }),
        ("log₁₀ Theorem 1", { $0.theoremOne.log10 }),
        ("log₁₀ Lemma 1", { $0.lemmaOne.log10 }),
        ("log₁₀ Lemma 2 (R = 0)", { $0.lemmaTwoAtFinalK.first?.bound.log10 }),
    ]

    public init(_ a: ResultsSource, _ b: ResultsSource) {
        self.a = a.label
        self.b = b.label
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
            rows.append(Row(configuration: ca.id, metric: "runtime s", old: a.provenance?.configurationSeconds[ca.id],
                            new: b.provenance?.configurationSeconds[ca.id], gated: false))
        }
        self.rows = rows
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
    /// and configurations agree, 1 otherwise.
    public func exitStatus(rtol: Double, atol: Double) -> Int32 {
        violations(rtol: rtol, atol: atol).isEmpty && specChanges.isEmpty && onlyInA.isEmpty && onlyInB.isEmpty ? 0 : 1
    }

    /// True when nothing differs: spec, configurations, and every gated number.
    public var isEmpty: Bool { specChanges.isEmpty && onlyInA.isEmpty && onlyInB.isEmpty && !rows.contains { $0.gated && $0.changed } }

    static func specChanges(_ a: ExperimentSpec, _ b: ExperimentSpec) -> [SpecChange] {
        let fa = flatten(a), fb = flatten(b)
        return Set(fa.keys).union(fb.keys).sorted().compactMap { key in
            fa[key] == fb[key] ? nil : SpecChange(field: key, old: fa[key] ?? "—", new: fb[key] ?? "—")
        }
    }

    /// The spec as "training.epochs" → "10" pairs.
    static func flatten(_ spec: ExperimentSpec) -> [String: String] {
        guard let data = try? RunStore.encoder.encode(spec), let object = try? JSONSerialization.jsonObject(with: data) else { return [:] }
        var out: [String: String] = [:]
        func walk(_ value: Any, _ path: String) {
            if let dict = value as? [String: Any] {
                for (k, v) in dict { walk(v, path.isEmpty ? k : "\(path).\(k)") }
            } else if let array = value as? [Any] {
                out[path] = "[" + array.map { "\($0)" }.joined(separator: ", ") + "]"
            } else {
                out[path] = "\(value)"
            }
        }
        walk(object, "")
        return out
    }
}
