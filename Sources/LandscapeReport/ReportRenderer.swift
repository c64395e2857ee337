import Foundation
import LandscapeCore
import LandscapeExperiment
import LandscapeFigures
import LandscapeFindings
import Mustache

/// Turns a run folder into a report: figures/*.png; report.md (Mustache) and index.html (cmark),
/// the run-wide findings (findings.md/.html), one page per variant (variant-<stem>.md/.html),
/// appendix.md and appendix.html (the per-configuration tables), configurations.csv.
public struct ReportRenderer {
    public let templates: URL
    /// Figure pixels per point (`--figure-scale`): 2 on screens, 4 for print.
    public var figureScale = defaultFigureScale
    public static let defaultFigureScale = 2
    public static let figureScales = 1...4
    public init(templates: URL) { self.templates = templates }

    /// The run's Markdown templates, each rendered beside its page: report.md → index.html,
    /// appendix.md → appendix.html. Every `ReportSection` is placed in one of them.
    public static let pages = [
        ("report.md", "index.html"), ("findings.md", findingsPage), ("appendix.md", "appendix.html"),
    ]
    /// The page of the run-wide findings (the variants' are on their pages).
    public static let findingsPage = "findings.html"
    /// The template of each present variant's page (`VariantSection`), rendered to
    /// `variant-<stem>.md` and `.html` (`ReportContent.pageStem`).
    public static let variantTemplate = "variant.md"
    /// The per-configuration tables as data.
    public static let configurationsCSV = "configurations.csv"
    /// Every file a render of `results` writes at the folder's top level (what a published site
    /// carries of it).
    public static func outputs(_ results: Results) -> [String] {
        let variants = results.datasets.filter(\.present).map { ReportContent.pageStem($0.variant.fileStem) }
        return pages.flatMap { [$0.0, $0.1] } + variants.flatMap { [$0 + ".md", $0 + ".html"] }
            + [configurationsCSV, "style.css", FindingsFile.fileName]
    }

    /// Renders into `folder` (which holds results.json). Returns the index.html path.
    @discardableResult
    public func render(folder: URL) throws -> URL {
        let store = RunStore(folder: folder)
        guard let results = try store.readResults() else {
            throw LandscapeError(file: store.resultsURL.path, "no results here; run `landscape run` first")
        }
        let provenance = try? RunStore.decoder.decode(Provenance.self, from: Data(contentsOf: store.provenanceURL))
        if !FileManager.default.fileExists(atPath: store.curvesURL.path) {
            try AtomicFile.write(RunStore.curvesCSV(results), to: store.curvesURL) // the report links it
        }
        let content = ReportContent(results: results, provenance: provenance)
        let figureFolder = folder.appendingPathComponent("figures")
        // Every page's Markdown first (which records the figures shown), then the figures.
        let context = content.context()
        var rendered: [(source: String, markdown: String, page: String)] = []
        for (template, page) in Self.pages {
            rendered.append((template, TableOfContents.insert(into: try render(template, context)), page))
        }
        for d in results.datasets where d.present {
            let stem = ReportContent.pageStem(d.variant.fileStem)
            try RunStore.checkComponent(stem + ".html")
            let markdown = try render(Self.variantTemplate, content.variantContext(d))
            rendered.append((stem + ".md", TableOfContents.insert(into: markdown), stem + ".html"))
        }
        let figures = content.shownFigures()
        // Figure names come from dataset names: each must stay a plain file inside figures/.
        for f in figures { try RunStore.checkComponent(f.file) }
        // Figures are independent: draw them side by side (FreeType's cache is set up for threads).
        FigureThreads.setUp()
        let scale = figureScale
        _ = try ParallelWork.map(figures.count, workers: ParallelWork.defaultWorkers) { i in
            try AtomicFile.write(
                figures[i].chart.png(density: scale), to: figureFolder.appendingPathComponent(figures[i].file))
        }
        // The findings as data, beside the results they were computed from (what `diff` compares).
        try AtomicFile.write(
            RunStore.encoder.encode(FindingsFile(findings: content.findings)),
            to: folder.appendingPathComponent(FindingsFile.fileName))
        try AtomicFile.write(content.configurationsCSV(), to: folder.appendingPathComponent(Self.configurationsCSV))
        for (source, markdown, page) in rendered {
            try AtomicFile.write(markdown, to: folder.appendingPathComponent(source))
            try Templates.writePage(
                into: folder, page: page, templates: templates,
                title: "Loss-landscape convergence: \(results.spec.name)", markdown: markdown,
                links: [source, "results.json", FindingsFile.fileName], toolVersion: results.toolVersion)
        }
        return folder.appendingPathComponent(Self.pages[0].1)
    }

    func render(_ name: String, _ context: [String: Any]) throws -> String {
        let text = try Templates.read(name, in: templates)
        do { return try MustacheTemplate(string: text).render(context) } catch {
            throw LandscapeError(file: templates.appendingPathComponent(name).path, "template error: \(error)")
        }
    }
}
