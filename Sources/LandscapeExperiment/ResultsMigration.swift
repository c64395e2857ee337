import Foundation
import LandscapeCore

/// Reads older results files: one step per schema version, applied in turn to the JSON before it
/// is decoded, so every committed report stays diffable. Read-only: files are never rewritten.
/// docs/results-schema.md describes each version.
enum ResultsMigration {
    /// Brings a decoded JSON object of `version` up to `Results.currentSchema`.
    static func upgrade(_ json: [String: Any], from version: Int) -> [String: Any] {
        var json = json
        var v = version
        while v < Results.currentSchema {
            switch v {
            // 1 → 2 added `hessian`, 2 → 3 `encoder` (absent: pixels): both optional, nothing to move.
            case 1, 2: break
            case 3: json = v3ToV4(json)
            // 4 → 5 added `criteria` and `decay` (optional) and the spec's `criteria` (absent: off).
            case 4: break
            case 5: json = v5ToV6(json)
            // 6 → 7 added held-out records and distances; 7 → 8 the spectrum criterion's record and
            // the spec's spectrum settings (absent: the defaults), and the opt-in `growingSample`
            // (absent: off): optional, nothing to move. 8 → 9 turned the growing sample on by default
            // for new specs; a stored spec without the key still reads as off (the decoder's rule
            // for every version), so nothing moves either. 9 → 10 added the optional `surface` and
            // the spec's `surfaceGrid` (absent: off).
            default: break
            }
            v += 1
        }
        return json
    }

    /// 3 → 4: one seed per run becomes a seed per configuration, named in its id (`-s<seed>`).
    /// Fields that schema 4 added stay absent (they are optional).
    static func v3ToV4(_ json: [String: Any]) -> [String: Any] {
        var json = json
        let spec = json["spec"] as? [String: Any]
        let seed = (spec?["seed"] as? NSNumber)?.uint64Value ?? 0
        json["configurations"] = (json["configurations"] as? [[String: Any]])?.map { c in
            var c = c
            c["globalSeed"] = NSNumber(value: seed)
            if let id = c["id"] as? String { c["id"] = "\(id)-s\(seed)" }
            return c
        }
        return json
    }

    /// 5 → 6: the criteria's records move under `criteria.records`, keyed by criterion name
    /// (`Criteria.all`); the shared constants stay where they were. A criterion that measured
    /// nothing (empty lists, as schema 5 wrote for one left out of the spec) has no record.
    static func v5ToV6(_ json: [String: Any]) -> [String: Any] {
        var json = json
        json["configurations"] = (json["configurations"] as? [[String: Any]])?.map { c in
            // A file already in this layout (one decoded from version 5 and written again) is left as it is.
            guard var m = c["criteria"] as? [String: Any], m["records"] == nil else { return c }
            var c = c, records: [String: Any] = [:]
            let runs = m["gaussian"] as? [Any] ?? [], moments = m["gaussianMoments"]
            if !runs.isEmpty, let moments, !(moments is NSNull) {
                records["gaussian"] = ["runs": runs, "moments": moments, "probes": m["probes"] ?? NSNumber(value: 0)]
            }
            let dimensions = m["subspace"] as? [Any] ?? []
            if !dimensions.isEmpty {
                records["subspace"] = [
                    "objects": m["subspaceObjects"] ?? NSNumber(value: 0), "dimensions": dimensions,
                    "topEigenvalues": m["topEigenvalues"] ?? [Any](),
                ]
            }
            for key in ["gaussian", "gaussianMoments", "probes", "subspace", "subspaceObjects", "topEigenvalues"] {
                m[key] = nil
            }
            m["records"] = records
            c["criteria"] = m
            return c
        }
        return json
    }
}
