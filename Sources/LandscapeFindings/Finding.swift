import LandscapeAnalysis

/// A claim checked against the data, as a value: its id, what kind of claim it is, the statistic
/// with its uncertainty where there is one, and a verdict computed from them. Written to
/// findings.json; the report only formats findings, and `landscape diff` compares their verdicts.
public struct Finding: Codable, Hashable, Sendable {
    public enum Verdict: String, Codable, Sendable, CaseIterable {
        case supported, contradicted, inconclusive
        init(_ v: TrendTest.Verdict) {
            switch v {
            case .supported: self = .supported
            case .contradicted: self = .contradicted
            case .inconclusive: self = .inconclusive
            }
        }
    }

    /// What settles the claim (docs/findings.md).
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The data could falsify it: a trend, a count of outliers, anything measured.
        case empirical
        /// Settled by proof or counterexample; the data show where it holds and how tight it is.
        case mathematical
        /// Cannot fail for any data: a sanity check of the measurement, never evidence.
        case construction
    }

    /// A number the verdict rests on: e.g. the mean Spearman ρ with its permutation p-value, or
    /// failures out of checked.
    public struct Statistic: Codable, Hashable, Sendable {
        public let name: String
        public let value: Double
        /// Out of how many (a count's denominator), when the value is a count.
        public let of: Int?
        /// One-sided p-value of the verdict's direction, when a test made it.
        public let p: Double?
        public init(name: String, value: Double, of: Int? = nil, p: Double? = nil) {
            self.name = name; self.value = value; self.of = of; self.p = p
        }
    }

    /// Stable across runs and versions: `<variant>/<claim>` (or `run/<claim>`), e.g.
    /// `fashion-mnist/width-trend`. Diffs match findings by it.
    public let id: String
    public let kind: Kind
    public let claim: String
    public let verdict: Verdict
    public let statistic: Statistic?
    public let evidence: String

    /// Holds everywhere (supported) or fails somewhere (contradicted): for bounds and premises.
    public init(id: String, kind: Kind, claim: String, failures: Int, checked: Int? = nil, evidence: String) {
        self.init(
            id: id, kind: kind, claim: claim, verdict: failures == 0 ? .supported : .contradicted,
            statistic: Statistic(name: "failures", value: Double(failures), of: checked), evidence: evidence)
    }

    public init(id: String, kind: Kind, claim: String, verdict: Verdict, statistic: Statistic? = nil, evidence: String)
    {
        self.id = id
        self.kind = kind
        self.claim = claim
        self.verdict = verdict
        self.statistic = statistic
        self.evidence = evidence
    }

    /// How the report names the verdict, by class: only an empirical finding is "supported" or
    /// "contradicted"; a mathematical one holds or fails (a counterexample); a check by construction
    /// passes or fails (a failure is a defect of the measurement, not a finding about the landscape).
    public var label: String {
        switch (kind, verdict) {
        case (.empirical, _): verdict.rawValue.prefix(1).uppercased() + verdict.rawValue.dropFirst()
        case (.mathematical, .supported): "Holds"
        case (.mathematical, .contradicted): "Fails"
        case (.mathematical, .inconclusive): "Unsettled"
        case (.construction, .supported): "Check passed"
        case (.construction, .contradicted): "Check failed"
        case (.construction, .inconclusive): "Check inconclusive"
        }
    }

    /// The HTML id of the finding's bullet, which the verdict table links to: `finding-` and the
    /// claim (the id's part after `<scope>/`), every character outside [a-z0-9-] as `-`. Unique
    /// within a page, since each page shows the findings of one scope (a variant, or the run);
    /// ids name declared datasets, which are checked file names, but an id attribute takes no chances.
    public var anchor: String {
        let claim = id.firstIndex(of: "/").map { id[id.index(after: $0)...] } ?? id[...]
        return "finding-"
            + String(claim.lowercased().map { c in c.isASCII && (c.isLetter || c.isNumber || c == "-") ? c : "-" })
    }

    /// One bullet: bold only for what the data could have decided otherwise (an empirical verdict)
    /// and for a failure (a counterexample, or a check that should not fail); "holds" and passed
    /// checks are plain, so they never read as evidence.
    public var markdown: String {
        let bold = kind == .empirical || verdict == .contradicted
        let tag =
            switch kind {
            case .empirical: "empirical"
            case .mathematical: "mathematical"
            case .construction: "by construction"
            }
        let head = bold ? "**\(label)**" : label
        return "- <a id=\"\(anchor)\"></a>\(head) (\(tag)). \(claim) — \(evidence)"
    }
}
