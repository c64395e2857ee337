import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeData
import LandscapeExperiment

/// Every finding of a results file, computed from the results alone (trend tests, bound tallies,
/// the criteria's counts), so the report only formats them and `landscape diff` can compare them.
public struct Findings {
    public let results: Results

    public init(results: Results) { self.results = results }

    var spec: ExperimentSpec { results.spec }
    var present: [DatasetRecord] { results.datasets.filter(\.present) }
    var missing: [DatasetRecord] { results.datasets.filter { !$0.present } }
    /// The depth held fixed while h varies, and the width held fixed while N varies.
    var fixedDepth: Int { spec.figureDepth }
    var fixedWidth: Int { spec.figureWidth }

    /// Per present variant its trends then its theory, then the criteria's and the growing sample's
    /// (run-wide, then per variant), in report order.
    public func all() -> [Finding] {
        let family = trendFamily()
        return present.flatMap { d in trendFindings(d.variant, family: family) + theoryFindings(d.variant) }
            + (spec.criteria.isOn ? criteriaFindings() : []) + convergenceFindings() + growingFindings()
    }

    /// The id of a variant's finding: `<variant file stem>/<claim>`.
    static func id(_ d: Variant, _ claim: String) -> String { "\(d.fileStem)/\(claim)" }
}

/// findings.json: the findings of the results.json beside it.
public struct FindingsFile: Codable, Hashable, Sendable {
    public static let currentSchema = 1
    public let schemaVersion: Int
    public let tool: String
    public let findings: [Finding]

    public init(findings: [Finding]) {
        schemaVersion = Self.currentSchema
        tool = "landscape"
        self.findings = findings
    }

    public static let fileName = "findings.json"

    /// Reads a findings file, with a one-line error for anything this version cannot read.
    public static func decode(_ data: Data, file: String) throws -> FindingsFile {
        let f: FindingsFile
        do { f = try RunStore.decoder.decode(FindingsFile.self, from: data) } catch {
            throw LandscapeError(
                file: file, "not a findings file this version reads: \(ExperimentSpec.describe(error))")
        }
        guard f.tool == "landscape", (1...currentSchema).contains(f.schemaVersion) else {
            throw LandscapeError(file: file, "not a landscape findings file of schema 1…\(currentSchema)")
        }
        var ids: Set<String> = []
        for finding in f.findings where !ids.insert(finding.id).inserted {
            throw LandscapeError(file: file, "finding \(finding.id) is listed twice")
        }
        return f
    }
}
