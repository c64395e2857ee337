import Foundation
import LandscapeCore
import LandscapeExperiment
import LandscapeFigures
import LandscapeFindings
import Mustache

/// Turns a run folder into a report: figures/*.png, report.md (Mustache), index.html (cmark).
public struct ReportRenderer {
    public let templates: URL
    public init(templates: URL) { self.templates = templates }

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
        let markdown = TableOfContents.insert(into: try render("report.md", context))
        try AtomicFile.write(markdown, to: folder.appendingPathComponent("report.md"))
        return try Templates.writePage(
            into: folder, templates: templates, title: "Loss-landscape convergence: \(results.spec.name)",
            markdown: markdown, links: ["report.md", "results.json", FindingsFile.fileName],
            toolVersion: results.toolVersion)
    }

    func render(_ name: String, _ context: [String: Any]) throws -> String {
        let text = try Templates.read(name, in: templates)
        do { return try MustacheTemplate(string: text).render(context) } catch {
            throw LandscapeError(file: templates.appendingPathComponent(name).path, "template error: \(error)")
        }
    }
}
