import Foundation
import LandscapeExperiment

/// Every number a configuration's record holds is compared, walked from the record itself (its
/// JSON form), so a measurement is diffed the day it lands: the Hessian measurements, Lemma 2
/// off θ̂, the criteria, the slices, the curves. The headline metrics keep their own rows.
extension ResultsDiff {
    /// Key paths the headline metrics (`metrics`) already compare.
    static let headlinePaths: Set<String> = [
        "finalEMA", "finalMean", "meanLoss", "accuracy", "constants.spectralBound", "constants.largestWeight",
        "constants.inputBound", "constants.largestLoss", "theoremOne.log10", "lemmaOne.log10",
        "lemmaTwoAtFinalK[0].bound.log10",
    ]

    /// Every number of a record by key path (`hessian.gaussNewton.max`, `curve.mean[12]`);
    /// non-finite numbers as results.json spells them, booleans as 0 and 1.
    static func numbers(_ c: ConfigurationResult) -> [String: Double] {
        (try? RunStore.encoder.encode(c)).map(numbers) ?? [:]
    }

    /// The same, from a record's encoded bytes.
    static func numbers(_ data: Data) -> [String: Double] {
        guard let object = try? JSONSerialization.jsonObject(with: data) else { return [:] }
        var out: [String: Double] = [:]
        func walk(_ value: Any, _ path: String) {
            if let d = value as? [String: Any] {
                for (k, v) in d { walk(v, path.isEmpty ? k : "\(path).\(k)") }
            } else if let a = value as? [Any] {
                for (i, v) in a.enumerated() { walk(v, "\(path)[\(i)]") }
            } else if let n = value as? NSNumber {
                // Foundation parses many decimals as NSDecimalNumber, whose doubleValue can be off by
                // an ulp; its text is the file's, which Double reads exactly.
                out[path] = Double(n.stringValue) ?? n.doubleValue
            } else if let s = value as? String,
                let x = ["NaN": Double.nan, "Infinity": .infinity, "-Infinity": -.infinity][s]
            {
                out[path] = x
            }
        }
        walk(object, "")
        return out
    }

    /// The key paths of every number of a record (what `diff` compares).
    public static func numberPaths(_ c: ConfigurationResult) -> [String] { numbers(c).keys.sorted(by: pathOrder) }

    /// Rows for every number outside the headline metrics that differs between the two sides
    /// of a configuration (a number present on one side only included). Records that encode to
    /// the same bytes are skipped without a walk.
    static func recordRows(_ a: Results, _ b: Results, walked: inout [String: [String: Double]]) -> [Row] {
        let byID = Dictionary(b.configurations.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
        return a.configurations.flatMap { ca -> [Row] in
            guard let cb = byID[ca.id], let da = try? RunStore.encoder.encode(ca),
                let db = try? RunStore.encoder.encode(cb), da != db
            else { return [] }
            let (na, nb) = (numbers(da), numbers(db))
            walked["a " + ca.id] = na
            walked["b " + cb.id] = nb
            let changed = Set(na.keys).union(nb.keys).subtracting(headlinePaths).filter { path in
                let (o, n) = (na[path], nb[path])
                return !(o == n || (o.map(\.isNaN) ?? false && n.map(\.isNaN) ?? false))
            }
            return changed.sorted(by: pathOrder).map {
                Row(configuration: ca.id, metric: $0, old: na[$0], new: nb[$0], gated: true)
            }
        }
    }

    /// `mnist-h16-N5` of `mnist-h16-N5-s2`.
    static func architecture(ofID id: String) -> String {
        id.range(of: "-s", options: .backwards).map { String(id[..<$0.lowerBound]) } ?? id
    }

    /// `curve.mean[2]` before `curve.mean[10]`.
    static func pathOrder(_ x: String, _ y: String) -> Bool { x.compare(y, options: .numeric) == .orderedAscending }

    /// The changed record numbers averaged over the trained seeds of their architecture, where
    /// both sides have the number for at least two seeds (a Hessian measured on one seed has
    /// no seed noise to judge it by: its rows are judged alone).
    static func recordSeedRows(_ a: Results, _ b: Results, rows: [Row], walked: [String: [String: Double]]) -> [SeedRow]
    {
        let changed = Dictionary(grouping: rows) { architecture(ofID: $0.configuration) }
        let groupsA = Dictionary(SeedGroup.groups(a).map { ($0.architectureID, $0) }, uniquingKeysWith: { x, _ in x })
        let groupsB = Dictionary(SeedGroup.groups(b).map { ($0.architectureID, $0) }, uniquingKeysWith: { x, _ in x })
        return changed.keys.sorted().flatMap { architecture -> [SeedRow] in
            guard let ga = groupsA[architecture], let gb = groupsB[architecture], ga.trained.count > 1,
                gb.trained.count > 1
            else { return [] }
            let va = ga.trained.map { walked["a " + $0.id] ?? numbers($0) },
                vb = gb.trained.map { walked["b " + $0.id] ?? numbers($0) }
            return Set(changed[architecture]!.map(\.metric)).sorted(by: pathOrder).compactMap { path in
                let sa = SeedStatistic(va.compactMap { $0[path] }), sb = SeedStatistic(vb.compactMap { $0[path] })
                guard sa.count > 1, sb.count > 1 else { return nil }
                return SeedRow(
                    architecture: architecture, metric: path, oldMean: sa.mean, newMean: sb.mean, oldSD: sa.sd,
                    newSD: sb.sd,
                    seeds: min(sa.count, sb.count))
            }
        }
    }
}
