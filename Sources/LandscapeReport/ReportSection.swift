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

    /// Every section of the run's pages (templates/report.md, templates/appendix.md), in the order
    /// it is built (the order the figures are drawn in).
    public static let all: [ReportSection] = [
        .init("title") { "Loss-landscape convergence: " + Escaping.markdown($0.spec.name) },
        .init("toolVersion") { Escaping.markdown($0.results.toolVersion) },
        .init("commit") { Escaping.markdown(String(($0.provenance?.gitCommit ?? "unknown").prefix(12))) },
        .init("runScope") { $0.runScope() },
        .init("verdicts") { c in
            VerdictTable(
                findings: c.findings,
                variants: c.present.map { ($0.variant.fileStem, c.results.displayName($0.variant)) },
                page: { $0 == "run" ? ReportRenderer.findingsPage : ReportContent.pageFile($0) }
            ).markdown
        },
        .init("headlineFigure") { c in c.headline.map(c.show) ?? "" },
        .init("summary") { Findings(results: $0.results).summary(of: $0.findings) },
        .init("hyperparameters") { $0.hyperparameterTable().markdown },
        .init("datasetTable") { $0.datasetTable().markdown },
        .init("missingBoxes") { c in c.missing.filter { $0.encoder == nil }.map(c.missingBox).joined(separator: "\n\n")
        },
        .init("bandsNote") { Escaping.markdown($0.figures.bandsNote) },
        .init("mainFigures") { $0.mainFigures() },
        .init("featureFigures") { $0.featureFigures() },
        .init("variantIndex") { $0.variantIndex().markdown },
        .init("runFindings") { $0.runFindings() },
        .init("spreadFigure") { c in
            [c.figures.spreadFigure(), c.figures.spreadAgainstLossFigure()].map(c.show).joined(separator: "\n\n")
        },
        .init("heldOutOverview") { c in c.figures.heldOutFigure().map(c.show) ?? "" },
        .init("hessianLinks") { $0.variantLinks(anchor: "measured-hessian") },
        .init("criteriaOverview") { $0.criteriaOverview() },
        .init("growingOverview") { $0.growingOverview() },
        .init("growingFindings") { $0.growingFindings() },
        .init("variantLinks") { $0.variantLinks(anchor: nil) },
        .init("constantsTables") { c in
            c.present.map { c.constantsTable($0.variant).markdown }.joined(separator: "\n\n")
        },
        .init("reproducibility") { $0.reproducibility() },
    ]
}

/// One part of a variant's page (templates/variant.md): its `{{{key}}}` and how its Markdown is
/// made from the content for one present variant. `ReportSectionTests` checks the template
/// places every one and names no other.
public struct VariantSection: Sendable {
    public let key: String
    let markdown: @Sendable (ReportContent, DatasetRecord) -> String

    init(_ key: String, _ markdown: @escaping @Sendable (ReportContent, DatasetRecord) -> String) {
        self.key = key
        self.markdown = markdown
    }

    public static let all: [VariantSection] = [
        .init("variantTitle") { c, d in
            "Loss-landscape convergence: " + Escaping.markdown(c.spec.name) + " · "
                + Escaping.markdown(c.results.displayName(d.variant))
        },
        .init("variantNavigation") { c, d in c.variantNavigation(d) },
        .init("variantIntro") { c, d in c.variantIntro(d) },
        .init("variantVerdicts") { c, d in
            VerdictTable(
                findings: c.findings.filter { $0.id.hasPrefix(d.variant.fileStem + "/") },
                variants: [(d.variant.fileStem, c.results.displayName(d.variant))]
            ).markdown
        },
        .init("variantFindings") { c, d in c.variantFindings(d) },
        .init("variantPaperFigures") { c, d in c.variantPaperFigures(d) },
        .init("variantBounds") { c, d in c.show(c.figures.boundFigure(d.variant)) },
        .init("variantConvergence") { c, d in
            c.figures.convergenceDistanceFigure(d.variant).map(c.show) ?? "> No convergence distance was measured."
        },
        .init("variantHessian") { c, d in c.hessianSection(d) },
        .init("variantCriteria") { c, d in c.criteriaSection(d) },
        .init("variantGrowing") { c, d in c.growingSection(d) },
    ]
}
