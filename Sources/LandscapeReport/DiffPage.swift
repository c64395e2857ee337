import Foundation
import LandscapeCore
import LandscapeData
import LandscapeExperiment
import LandscapeFigures

/// An HTML page for a diff: the Markdown summary plus, for every figure both reports share, an
/// overlay of old (solid) and new (dashed), one colour per configuration.
public struct DiffPage {
    public let old: ResultsSource
    public let new: ResultsSource
    public let diff: ResultsDiff

    public init(old: ResultsSource, new: ResultsSource) {
        self.old = old
        self.new = new
        diff = ResultsDiff(old, new)
    }

    public func overlayFigures() -> [ReportFigures.Figure] {
        var fa = ReportFigures(results: old.results), fb = ReportFigures(results: new.results)
        let widths = Array(Set(fa.colourWidths + fb.colourWidths)).sorted(),
            depths = Array(Set(fa.colourDepths + fb.colourDepths)).sorted()
        fa.colourWidths = widths; fb.colourWidths = widths
        fa.colourDepths = depths; fb.colourDepths = depths
        let shared = old.results.datasets.filter(\.present).map(\.variant).filter { v in
            new.results.datasets.contains { $0.variant == v && $0.present }
        }
        return shared.flatMap { d in
            zip(fa.paperFigures(d), fb.paperFigures(d)).map { a, b in
                var chart = a.chart
                chart.title = a.chart.title + " — old solid, new dashed"
                chart.bands = []
                let oldLabels = Set(a.chart.series.compactMap(\.label))
                chart.series =
                    a.chart.series
                    + b.chart.series.map { s in
                        var s = s
                        s.style = .dashed
                        if let label = s.label { s.label = oldLabels.contains(label) ? nil : label + " (new only)" }
                        return s
                    }
                chart.legendNotes =
                    a.chart.legendNotes
                    + b.chart.legendNotes.filter { note in !a.chart.legendNotes.contains { $0.label == note.label } }
                return ReportFigures.Figure(
                    file: "diff-" + a.file,
                    caption:
                        "\(new.results.displayName(d)): old (solid) against new (dashed), same colour per configuration.",
                    chart: chart)
            }
        }
    }

    /// Writes `index.html`, `diff.md`, `style.css` and the overlay figures into `folder`.
    @discardableResult
    public func write(to folder: URL, templates: URL, all: Bool) throws -> URL {
        var markdown = diff.markdown(all: all, htmlTables: true)
        for f in overlayFigures() {
            try AtomicFile.write(f.chart.png(), to: folder.appendingPathComponent("figures/\(f.file)"))
            markdown += "\n" + f.markdown + "\n"
        }
        try AtomicFile.write(markdown, to: folder.appendingPathComponent("diff.md"))
        return try Templates.writePage(
            into: folder, templates: templates, title: "landscape diff", markdown: markdown,
            links: ["diff.md"], toolVersion: ToolVersion.current)
    }
}
