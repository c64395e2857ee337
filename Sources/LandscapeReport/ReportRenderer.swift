import Foundation
import LandscapeCore
import LandscapeExperiment
import LandscapeFigures
import LandscapeFindings
import Mustache

/// Turns a run folder into a report: figures/*.png, report.md (Mustache) and index.html (cmark),
/// appendix.md and appendix.html (the per-configuration tables), configurations.csv.
public struct ReportRenderer {
    public let templates: URL
    public init(templates: URL) { self.templates = templates }

    /// The Markdown templates rendered, each beside its page: report.md → index.html, appendix.md
    /// → appendix.html. Every section (`ReportSection`) is placed in one of them.
    public static let pages = [("report.md", "index.html"), ("appendix.md", "appendix.html")]
    /// The per-configuration tables as data.
    public static let configurationsCSV = "configurations.csv"
    /// Every file a render writes at the folder's top level (what a published site carries of it).
    public static var outputs: [String] {
        pages.flatMap { [$0.0, $0.1] } + [configurationsCSV, "style.css", FindingsFile.fileName]
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
        let context = content.context()
        let figures = content.shownFigures()
        // Figure names come from dataset names: each must stay a plain file inside figures/.
        for f in figures { try RunStore.checkComponent(f.file) }
        // Figures are independent: draw them side by side (FreeType's cache is set up for threads).
        FigureThreads.setUp()
        _ = try ParallelWork.map(figures.count, workers: ParallelWork.defaultWorkers) { i in
            try AtomicFile.write(figures[i].chart.png(), to: figureFolder.appendingPathComponent(figures[i].file))
        }
        // The findings as data, beside the results they were computed from (what `diff` compares).
        try AtomicFile.write(
            RunStore.encoder.encode(FindingsFile(findings: content.findings)),
            to: folder.appendingPathComponent(FindingsFile.fileName))
        try AtomicFile.write(content.configurationsCSV(), to: folder.appendingPathComponent(Self.configurationsCSV))
        for (template, page) in Self.pages {
            let markdown = TableOfContents.insert(into: try render(template, context))
            try AtomicFile.write(markdown, to: folder.appendingPathComponent(template))
            try Templates.writePage(
                into: folder, page: page, templates: templates,
                title: "Loss-landscape convergence: \(results.spec.name)", markdown: markdown,
                links: [template, "results.json", FindingsFile.fileName], toolVersion: results.toolVersion)
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
