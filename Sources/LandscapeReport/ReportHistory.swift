import Foundation
import LandscapeExperiment
import LandscapeFigures
import LandscapeFindings

/// One committed report across the commits that changed its results: per commit the headline
/// numbers and every finding's verdict, as a table and small line plots (`publish` writes it to
/// `<report>/history/index.html`). Each point is read from git's objects, never the work tree.
public struct ReportHistory {
    /// One commit's report.
    public struct Point: Codable, Equatable, Sendable {
        public let commit: String
        public let date: String
        public let subject: String
        public let schemaVersion: Int
        public let networks: Int
        public let trained: Int
        /// Geometric mean over trained networks of the EMA curve's last value (the paper's figures' end).
        public let endGeometricMean: Double?
        /// Verdict label by finding id ("Supported", "Holds", …).
        public let verdicts: [String: String]
        /// Finding kind by id, so the verdict table can colour a cell.
        public let kinds: [String: String]

        public init(commit: String, date: String, subject: String, source: ResultsSource) {
            self.commit = commit
            self.date = date
            self.subject = subject
            let r = source.results
            schemaVersion = r.schemaVersion
            networks = r.configurations.count
            let ends = r.configurations.filter(\.isTrained).map(\.finalEMA).filter { $0 > 0 && $0.isFinite }
            trained = r.configurations.filter(\.isTrained).count
            endGeometricMean = ends.isEmpty ? nil : exp(ends.map(log).reduce(0, +) / Double(ends.count))
            verdicts = Dictionary(source.findings.map { ($0.id, $0.label) }, uniquingKeysWith: { a, _ in a })
            kinds = Dictionary(
                source.findings.map { ($0.id, "\($0.kind.rawValue)-\($0.verdict.rawValue)") },
                uniquingKeysWith: { a, _ in a })
        }

        func count(_ label: String) -> Int { verdicts.values.filter { $0 == label }.count }
    }

    public let name: String
    /// Oldest first.
    public let points: [Point]

    public init(name: String, points: [Point]) {
        self.name = name
        self.points = points
    }

    /// The verdict labels counted per commit, in the table's order.
    static let counted = ["Supported", "Contradicted", "Inconclusive", "Holds", "Fails"]

    public func headlineTable() -> HTMLTable {
        var table = HTMLTable(
            header: [
                "#", "commit", "date", "subject", "networks", "trained", "end (geometric mean)", "findings by verdict",
            ],
            numeric: [0, 4, 5, 6])
        table.rows = points.enumerated().map { i, p in
            let subject = p.subject.count > 60 ? String(p.subject.prefix(59)) + "…" : p.subject
            let counts = Self.counted.compactMap { label -> String? in
                let n = p.count(label)
                // "24 hold", "2 fail": a count reads as a plural.
                let word = ["Holds": "hold", "Fails": "fail"][label] ?? label.lowercased()
                return n == 0 ? nil : "\(n) \(word)"
            }
            return [
                "\(i + 1)", p.commit, p.date, subject, "\(p.networks)", "\(p.trained)",
                p.endGeometricMean.map { NumberFormat.sci($0) } ?? "—",
                counts.isEmpty ? "—" : counts.joined(separator: " · "),
            ]
        }
        table.caption =
            "Per commit that changed reports/\(name)/results.json, oldest first: the grid's size, the geometric mean over trained networks of the EMA curve's end, and the findings counted by verdict (a commit before findings.json existed: its findings as this version computes them)."
        return table
    }

    /// The findings whose verdict differs between two commits that both have it.
    public var changedFindings: [String] {
        let ids = Set(points.flatMap(\.verdicts.keys))
        return ids.filter { id in Set(points.compactMap { $0.verdicts[id] }).count > 1 }.sorted()
    }

    public func verdictTable() -> HTMLTable? {
        let ids = changedFindings
        guard !ids.isEmpty else { return nil }
        var table = HTMLTable(header: ["finding"] + points.indices.map { "#\($0 + 1)" })
        table.trustedHTML = Set(1...points.count)
        table.rows = ids.map { id in
            [id]
                + points.map { p in
                    guard let label = p.verdicts[id] else { return "—" }
                    return "<span class=\"\(Escaping.html(p.kinds[id] ?? ""))\">\(Escaping.html(label))</span>"
                }
        }
        table.caption = "The findings whose verdict changed between commits (columns numbered as in the table above)."
        return table
    }

    public func figures() -> [ReportFigures.Figure] {
        let x = points.indices.map { Double($0 + 1) }
        var end = Chart(
            title: "\(name): the curve's end across commits", xLabel: "commit (numbered as in the table)",
            yLabel: "geometric mean of the EMA's end")
        end.yScale = .log
        end.width = 520
        end.height = 300
        end.series.append(
            .init(
                label: "trained networks' geometric mean",
                points: zip(x, points).compactMap { x, p in p.endGeometricMean.map { (x: x, y: $0) } },
                color: Color.palette[0], style: .markers))
        var counts = Chart(
            title: "\(name): findings by verdict across commits", xLabel: "commit (numbered as in the table)",
            yLabel: "findings")
        counts.width = 520
        counts.height = 300
        for (i, label) in Self.counted.enumerated() {
            counts.series.append(
                .init(
                    label: label, points: zip(x, points).map { (x: $0, y: Double($1.count(label))) },
                    color: Color.palette[i % Color.palette.count]))
        }
        return [
            ReportFigures.Figure(
                file: "history-end.png",
                caption:
                    "The geometric mean over trained networks of the EMA curve's end, one marker per commit that changed the results.",
                chart: end),
            ReportFigures.Figure(
                file: "history-verdicts.png", caption: "How many findings had each verdict at each commit.",
                chart: counts),
        ]
    }

    public var markdown: String {
        var parts = [
            "# \(Escaping.markdown(name)): history",
            "[← the report](../index.html) · [all reports](../../index.html)",
            points.isEmpty
                ? "> No commit with a readable reports/\(Escaping.markdown(name))/results.json."
                : headlineTable().markdown,
        ]
        if !points.isEmpty {
            parts.append(verdictTable()?.markdown ?? "No finding changed its verdict across these commits.")
            parts += figures().map(\.markdown)
        }
        return parts.joined(separator: "\n\n")
    }
}
