import LandscapeAnalysis

/// A claim checked against the data: the statistic with its uncertainty, and a verdict computed
/// from them, so that it could have come out the other way. Templates only format findings.
public struct Finding: Sendable {
    public enum Verdict: String, Sendable {
        case supported, contradicted, inconclusive
        init(_ v: TrendVerdict) {
            switch v {
            case .supported: self = .supported
            case .contradicted: self = .contradicted
            case .inconclusive: self = .inconclusive
            }
        }
    }

    public let claim: String
    public let verdict: Verdict
    public let evidence: String

    /// Holds everywhere (supported) or fails somewhere (contradicted): for bounds and premises.
    public init(claim: String, failures: Int, evidence: String) {
        self.init(claim: claim, verdict: failures == 0 ? .supported : .contradicted, evidence: evidence)
    }

    public init(claim: String, verdict: Verdict, evidence: String) {
        self.claim = claim
        self.verdict = verdict
        self.evidence = evidence
    }

    /// "- **Supported.** claim — evidence"
    public var markdown: String { "- **\(verdict.rawValue.prefix(1).uppercased() + verdict.rawValue.dropFirst()).** \(claim) — \(evidence)" }
}

typealias TrendVerdict = TrendTest.Verdict
