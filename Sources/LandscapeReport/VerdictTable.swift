import Foundation
import LandscapeData
import LandscapeFindings

/// The report's first screen: one row per claim, one column per variant, each cell the verdict of
/// that variant's finding, coloured by verdict and class and linking to the finding's text
/// (`Finding.anchor`). Run-wide claims (`run/…`) span the variant columns. Built from the
/// findings alone, so a new finding gets its row without being listed here.
public struct VerdictTable {
    public struct Row: Equatable {
        /// The claim: the id's part after `<variant>/` or `run/`.
        public let claim: String
        public let kind: Finding.Kind
        /// Per variant column (nil: no finding there), or one cell for a run-wide claim.
        public let cells: [Finding?]
        public let runWide: Bool
    }

    /// (file stem, display name) per column.
    public let variants: [(stem: String, name: String)]
    public let rows: [Row]
    /// The page a scope's findings are on, by variant file stem or `run` (nil: this page).
    let page: (String) -> String?

    /// Rows by class (empirical, mathematical, by construction), then in the order the findings
    /// first name each claim.
    public init(
        findings: [Finding], variants: [(stem: String, name: String)],
        page: @escaping (String) -> String? = { _ in nil }
    ) {
        self.variants = variants
        self.page = page
        var order: [String] = []
        var byClaim: [String: [String: Finding]] = [:]
        for f in findings {
            guard let slash = f.id.firstIndex(of: "/") else { continue }
            let scope = String(f.id[..<slash]), claim = String(f.id[f.id.index(after: slash)...])
            let key = (scope == "run" ? "run/" : "") + claim
            if byClaim[key] == nil { order.append(key) }
            byClaim[key, default: [:]][scope] = f
        }
        let rank = Dictionary(uniqueKeysWithValues: Finding.Kind.allCases.enumerated().map { ($1, $0) })
        let built = order.enumerated().map { index, key -> (Int, Int, Row) in
            let scoped = byClaim[key]!
            let runWide = key.hasPrefix("run/")
            let cells = runWide ? [scoped["run"]] : variants.map { scoped[$0.stem] }
            let kind = cells.compactMap { $0 }.first!.kind
            return (
                rank[kind]!, index,
                Row(claim: runWide ? String(key.dropFirst(4)) : key, kind: kind, cells: cells, runWide: runWide)
            )
        }
        rows = built.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    /// A claim id as a row heading: words, with the paper's names spelled as the paper does
    /// (`theorem-1-stated-gauss-newton` → "Theorem 1 stated Gauss–Newton", `growing-rate-trace` →
    /// "Growing-sample rate: trace").
    public static func title(_ claim: String) -> String {
        var words = claim.split(separator: "-").map(String.init)
        var prefix = ""
        if words.starts(with: ["growing", "rate"]) {
            prefix = "Growing-sample rate: "
            words.removeFirst(2)
        }
        let spelled: [String: String] = [
            "delta1": "Δ₁", "delta2": "Δ₂", "hm": "hM", "gaussian": "Gaussian", "theorem": "Theorem", "lemma": "Lemma",
        ]
        let pairs: [[String]: String] = [
            ["gauss", "newton"]: "Gauss–Newton", ["held", "out"]: "held-out", ["assumption", "one"]: "Assumption 1",
            ["off", "minimum"]: "off-minimum", ["top", "eigenvector"]: "top-eigenvector",
        ]
        var out: [String] = []
        var i = 0
        while i < words.count {
            if i + 1 < words.count, let pair = pairs[[words[i], words[i + 1]]] {
                out.append(pair)
                i += 2
            } else {
                out.append(spelled[words[i]] ?? words[i])
                i += 1
            }
        }
        let text = out.joined(separator: " ")
        // A sentence's capital, except on a name spelled as the paper does (hM).
        let capital = prefix.isEmpty && out.first != "hM"
        return prefix + (capital ? text.prefix(1).uppercased() + text.dropFirst() : text)
    }

    static func classLabel(_ kind: Finding.Kind) -> String {
        switch kind {
        case .empirical: "empirical"
        case .mathematical: "mathematical"
        case .construction: "by construction"
        }
    }

    /// One HTML block (cmark keeps it whole), every string escaped.
    public var markdown: String {
        let columns = variants.count
        var lines = ["<div class=\"table\"><table class=\"verdicts\">"]
        lines.append(
            "<thead><tr><th>claim</th>" + variants.map { "<th>\(Escaping.html($0.name))</th>" }.joined()
                + "</tr></thead>")
        // Rows come grouped by class; each group opens with a heading row naming it.
        var kind: Finding.Kind?
        for row in rows {
            if row.kind != kind {
                if kind != nil { lines.append("</tbody>") }
                lines.append(
                    "<tbody><tr class=\"kind\"><th colspan=\"\(columns + 1)\" scope=\"rowgroup\">"
                        + "\(Self.classLabel(row.kind))</th></tr>")
                kind = row.kind
            }
            let cells =
                row.runWide
                ? [cell(row.cells[0], span: columns, page: page("run"))]
                : zip(row.cells, variants).map { cell($0, span: 1, page: page($1.stem)) }
            lines.append(
                "<tr><th scope=\"row\">\(Escaping.html(Self.title(row.claim)))</th>" + cells.joined() + "</tr>")
        }
        lines.append((kind == nil ? "" : "</tbody>") + "</table></div>")
        return lines.joined(separator: "\n")
    }

    func cell(_ f: Finding?, span: Int, page: String?) -> String {
        let colspan = span > 1 ? " colspan=\"\(span)\"" : ""
        guard let f else { return "<td class=\"none\"\(colspan)>—</td>" }
        return "<td class=\"\(f.kind.rawValue)-\(f.verdict.rawValue)\"\(colspan)>"
            + "<a href=\"\(Escaping.html(page ?? ""))#\(f.anchor)\">\(Escaping.html(f.label))</a></td>"
    }
}
