import ArgumentParser
import Foundation
import LandscapeCore
import LandscapeReport

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Run the spec (resuming what is done) and render the report.")
    @OptionGroup var specOptions: SpecOptions
    @OptionGroup var runOptions: RunOptions
    @OptionGroup var data: DataOptions
    @Option(help: "The templates folder (default: ./templates or the one beside the build).") var templates: String?
    @OptionGroup var figures: FigureOptions

    func run() throws {
        let (spec, loaded) = try specOptions.resolved()
        var renderer = ReportRenderer(templates: try Templates.locate(templates))
        renderer.figureScale = figures.figureScale
        let (_, folder) = try RunCommand.execute(spec: spec, loaded: loaded, runOptions: runOptions, data: data)
        let t0 = monotonicSeconds()
        let index = try renderer.render(folder: folder)
        print(String(format: "report: %@ (rendered in %.2f s)", index.path, monotonicSeconds() - t0))
    }
}

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render", abstract: "Re-render a report from a run folder's saved results, without training.")
    @Argument(help: "The run folder (holds results.json).") var folder: String
    @Option(help: "The templates folder.") var templates: String?
    @OptionGroup var figures: FigureOptions

    func run() throws {
        let t0 = monotonicSeconds()
        var renderer = ReportRenderer(templates: try Templates.locate(templates))
        renderer.figureScale = figures.figureScale
        let index = try renderer.render(folder: CommandLinePath.check(folder, option: "render FOLDER"))
        print(String(format: "report: %@ (rendered in %.2f s)", index.path, monotonicSeconds() - t0))
    }
}

/// How the figures are drawn: declared once for `report` and `render`.
struct FigureOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Figure pixels per point: 2 for screens (the committed reports), 4 for print "
                + "(\(ReportRenderer.figureScales.lowerBound)…\(ReportRenderer.figureScales.upperBound))."))
    var figureScale = ReportRenderer.defaultFigureScale

    func validate() throws {
        guard ReportRenderer.figureScales.contains(figureScale) else {
            throw ValidationError(
                "--figure-scale must lie in \(ReportRenderer.figureScales.lowerBound)…\(ReportRenderer.figureScales.upperBound), not \(figureScale)"
            )
        }
    }
}
