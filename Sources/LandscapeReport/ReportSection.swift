import Foundation
import LandscapeData
import LandscapeExperiment
import LandscapeFindings

/// One part of the report: the template's `{{{key}}}` (templates/report.md) and how its Markdown is
/// made from the content. The report's figures are the ones its sections show (`ReportContent.show`),
/// so a section's figures need no second list; `ReportSectionTests` checks the template places every
/// section and names no other.
public struct ReportSection: Sendable {
    public let key: String
    let markdown: @Sendable (ReportContent) -> String

    init(_ key: String, _ markdown: @escaping @Sendable (ReportContent) -> String) {
        self.key = key
        self.markdown = markdown
    }

    /// Every section, in the order it is built (the order the figures are drawn in).
    public static let all: [ReportSection] = [
        .init("title") { "Loss-landscape convergence: " + Escaping.markdown($0.spec.name) },
        .init("toolVersion") { Escaping.markdown($0.results.toolVersion) },
        .init("commit") { Escaping.markdown(String(($0.provenance?.gitCommit ?? "unknown").prefix(12))) },
        .init("verdicts") { c in
            VerdictTable(
                findings: c.findings,
                variants: c.present.map { ($0.variant.fileStem, c.results.displayName($0.variant)) }
            ).markdown
        },
        .init("summary") { Findings(results: $0.results).summary(of: $0.findings) },
        .init("hyperparameters") { $0.hyperparameterTable().markdown },
        .init("datasetTable") { $0.datasetTable().markdown },
        .init("missingBoxes") { c in c.missing.filter { $0.encoder == nil }.map(c.missingBox).joined(separator: "\n\n")
        },
        .init("mainFigures") { $0.mainFigures() },
        .init("featureFigures") { $0.featureFigures() },
        .init("boundFigures") { c in
            c.present.map { c.show(c.figures.boundFigure($0.variant)) }.joined(separator: "\n\n")
        },
        .init("findings") { $0.findingsMarkdown() },
        .init("spreadFigure") { c in
            [c.figures.spreadFigure(), c.figures.spreadAgainstLossFigure()].map(c.show).joined(separator: "\n\n")
        },
        .init("convergenceSection") { c in
            ([c.figures.heldOutFigure()] + c.present.map { c.figures.convergenceDistanceFigure($0.variant) })
                .compactMap { $0 }.map(c.show).joined(separator: "\n\n")
        },
        .init("hessianSection") { $0.hessianSection() },
        .init("criteriaSection") { $0.criteriaSection() },
        .init("growingSection") { $0.growingSection() },
        .init("appendix") { $0.appendix() },
        .init("constantsTables") { c in
            c.present.map { c.constantsTable($0.variant).markdown }.joined(separator: "\n\n")
        },
        .init("reproducibility") { $0.reproducibility() },
    ]
}
