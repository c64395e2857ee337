import Foundation
import LandscapeExperiment

extension ResultsDiff {
    public enum Format: String, CaseIterable, Sendable { case text, md, json }

    /// Rows to show: the changed compared numbers, or every row with `all` (runtimes, which
    /// always differ, only then; by default they are summed in `runtimeSummary`).
    public func shownRows(all: Bool) -> [Row] { all ? rows : rows.filter { $0.gated && $0.changed } }

    /// The rows a text or Markdown table lists: every headline row, and at most `recordRowLimit`
    /// changed numbers of the records (a schema change can add thousands; json lists them all).
    func listedRows(all: Bool) -> (rows: [Row], unlisted: Int) {
        let headline = Self.headlineMetrics.union(["runtime s"])
        let shown = shownRows(all: all)
        let records = shown.filter { !headline.contains($0.metric) }
        let listed = records.prefix(Self.recordRowLimit)
        return (shown.filter { headline.contains($0.metric) } + listed, records.count - listed.count)
    }

    static let recordRowLimit = 100

    /// "runtime: 61.2 s → 60.8 s (−0.7 %), not compared", over configurations timed on both sides.
    public var runtimeSummary: String? {
        let timed = rows.filter { !$0.gated && $0.old != nil && $0.new != nil }
        guard !timed.isEmpty else { return nil }
        let old = timed.reduce(0) { $0 + $1.old! }, new = timed.reduce(0) { $0 + $1.new! }
        return String(
            format: "runtime of %d configurations: %.1f s → %.1f s (%+.1f%%), not compared", timed.count, old, new,
            old > 0 ? 100 * (new - old) / old : 0)
    }

    static func number(_ x: Double?, digits: Int = 6) -> String {
        guard let x else { return "—" }
        return x.isFinite ? String(format: "%.\(digits)g", x) : "\(x)"
    }

    func number(_ x: Double?) -> String { Self.number(x, digits: precision) }

    /// The last line of a Markdown diff: a CI job finds its previous comment by it and replaces it
    /// instead of adding one (README, "Diffs in pull requests").
    public static let commentMarker = "<!-- landscape-diff -->"

    static func percent(_ x: Double?) -> String {
        guard let x else { return "—" }
        return x.isFinite ? String(format: "%+.3f%%", 100 * x) : "∞"
    }

    func cells(_ r: Row) -> [String] {
        [
            r.configuration, r.metric, number(r.old), number(r.new),
            r.delta.map { String(format: "%+.\(precision)g", $0) } ?? "—", Self.percent(r.relative),
        ]
    }

    static let header = ["configuration", "metric", "old", "new", "Δ", "%Δ"]
    static let seedHeader = ["architecture", "metric", "old mean ± s.d.", "new mean ± s.d.", "Δ", "seeds", "verdict"]

    /// Seed-averaged rows whose mean changed.
    var changedSeedRows: [SeedRow] { seedRows.filter(\.changed) }

    func seedCells(_ r: SeedRow) -> [String] {
        [
            r.architecture, r.metric, "\(number(r.oldMean)) ± \(number(r.oldSD))",
            "\(number(r.newMean)) ± \(number(r.newSD))",
            String(format: "%+.\(precision)g", r.delta), "\(r.seeds)",
            r.withinNoise ? "within seed noise" : "beyond seed noise",
        ]
    }

    /// "3 of 24 seed-averaged numbers changed, all within seed noise".
    var seedSummary: String? {
        guard !seedRows.isEmpty else { return nil }
        let changed = changedSeedRows, beyond = changed.filter { !$0.withinNoise }.count
        return "\(changed.count) of \(seedRows.count) seed-averaged numbers changed"
            + (changed.isEmpty ? "" : beyond == 0 ? ", all within seed noise" : ", \(beyond) beyond seed noise")
    }

    /// "1 of 36 headline numbers changed; 2 more numbers of the records changed".
    var countSummary: String {
        let headline = Self.headlineMetrics
        let gated = rows.filter(\.gated)
        let head = gated.filter { headline.contains($0.metric) },
            other = gated.filter { !headline.contains($0.metric) && $0.changed }
        return "\(head.filter(\.changed).count) of \(head.count) headline numbers changed; "
            + (other.isEmpty
                ? "every other number of the records is identical"
                : "\(other.count) more numbers of the records changed")
    }

    /// "2 findings only in new: run/curvature-bound, …" (at most 10 named), or nil.
    var findingsSummary: String? {
        let parts = [("old", findingsOnlyInA), ("new", findingsOnlyInB)].filter { !$0.1.isEmpty }.map { side, ids in
            "\(ids.count) finding\(ids.count == 1 ? "" : "s") only in \(side): "
                + ids.prefix(10).joined(separator: ", ") + (ids.count > 10 ? ", …" : "")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// A pipe table (GitHub-flavoured Markdown, for pull-request comments).
    static func pipeTable(_ header: [String], _ rows: [[String]]) -> String {
        func line(_ cells: [String]) -> String { "| " + cells.map(Escaping.pipeCell).joined(separator: " | ") + " |" }
        return ([line(header), line(header.map { _ in "---" })] + rows.map(line)).joined(separator: "\n")
    }

    /// The Markdown summary. `htmlTables` emits HTML blocks (for the cmark page) instead of pipes.
    public func markdown(all: Bool, htmlTables: Bool = false) -> String {
        func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = []) -> String {
            if !htmlTables { return Self.pipeTable(header, rows) }
            var t = HTMLTable(header: header, numeric: numeric)
            t.rows = rows
            return t.markdown
        }
        var parts = ["## landscape diff", "\(Escaping.markdown(a)) → \(Escaping.markdown(b))"]
        if isEmpty { parts.append("**No differences.**") }
        if !verdictChanges.isEmpty {
            parts.append("### Verdicts that changed (\(verdictChanges.count))")
            parts.append(
                table(
                    ["finding", "kind", "claim", "old", "new"],
                    verdictChanges.map { [$0.id, $0.kind.rawValue, $0.claim, $0.old.rawValue, $0.new.rawValue] }))
        }
        if let findingsSummary { parts.append(Escaping.markdown(findingsSummary)) }
        if !specChanges.isEmpty {
            parts.append("### Spec differences")
            parts.append(table(["field", "old", "new"], specChanges.map { [$0.field, $0.old, $0.new] }))
        }
        if !onlyInA.isEmpty {
            parts.append("**Only in old:** " + onlyInA.map(Escaping.markdown).joined(separator: ", "))
        }
        if !onlyInB.isEmpty {
            parts.append("**Only in new:** " + onlyInB.map(Escaping.markdown).joined(separator: ", "))
        }
        let (shown, unlisted) = listedRows(all: all)
        parts.append("### \(all ? "All numbers" : "Changed numbers") (\(countSummary))")
        if !shown.isEmpty { parts.append(table(Self.header, shown.map(cells), numeric: [2, 3, 4, 5])) }
        if unlisted > 0 {
            parts.append("… and \(unlisted) more changed numbers of the records (`--format json` lists them all).")
        }
        if let seedSummary {
            parts.append("### Against the seed noise (\(seedSummary))")
            if !changedSeedRows.isEmpty {
                parts.append(table(Self.seedHeader, changedSeedRows.map(seedCells), numeric: [4, 5]))
            }
        }
        if let runtimeSummary { parts.append(runtimeSummary.prefix(1).uppercased() + runtimeSummary.dropFirst() + ".") }
        // A pull-request comment ends with the marker; a page (HTML tables) does not need it.
        if !htmlTables { parts.append(Self.commentMarker) }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// Aligned plain text for a terminal.
    public func text(all: Bool) -> String {
        var lines = ["landscape diff: \(a) → \(b)"]
        if isEmpty { lines.append("no differences") }
        for v in verdictChanges {
            lines.append("verdict \(v.id): \(v.old.rawValue) → \(v.new.rawValue) (\(v.kind.rawValue): \(v.claim))")
        }
        if let findingsSummary { lines.append(findingsSummary) }
        for s in specChanges { lines.append("spec \(s.field): \(s.old) → \(s.new)") }
        if !onlyInA.isEmpty { lines.append("only in old: " + onlyInA.joined(separator: ", ")) }
        if !onlyInB.isEmpty { lines.append("only in new: " + onlyInB.joined(separator: ", ")) }
        let (shown, unlisted) = listedRows(all: all)
        if !shown.isEmpty {
            let table = [Self.header] + shown.map(cells)
            let widths = (0..<Self.header.count).map { i in table.map { $0[i].count }.max()! }
            for row in table {
                lines.append(
                    row.enumerated().map { i, c in
                        i < 2
                            ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                            : String(repeating: " ", count: widths[i] - c.count) + c
                    }.joined(separator: "  "))
            }
        }
        if unlisted > 0 {
            lines.append("… and \(unlisted) more changed numbers of the records (--format json lists them all)")
        }
        lines.append(countSummary)
        if let seedSummary {
            lines.append(seedSummary)
            for r in changedSeedRows { lines.append("  " + seedCells(r).joined(separator: "  ")) }
        }
        if let runtimeSummary { lines.append(runtimeSummary) }
        return lines.joined(separator: "\n")
    }

    /// Machine-readable: everything, rows filtered as for the other formats.
    public func json(all: Bool) throws -> String {
        struct Out: Encodable {
            let old: String, new: String, verdictChanges: [VerdictChange], findingsOnlyInOld: [String],
                findingsOnlyInNew: [String]
            let specChanges: [SpecChange]; let onlyInOld: [String]; let onlyInNew: [String]; let rows: [Row];
            let seedRows: [SeedRow]; let identical: Bool
        }
        let data = try RunStore.encoder.encode(
            Out(
                old: a, new: b, verdictChanges: verdictChanges, findingsOnlyInOld: findingsOnlyInA,
                findingsOnlyInNew: findingsOnlyInB, specChanges: specChanges, onlyInOld: onlyInA, onlyInNew: onlyInB,
                rows: shownRows(all: all),
                seedRows: all ? seedRows : changedSeedRows, identical: isEmpty))
        return String(decoding: data, as: UTF8.self)
    }
}
