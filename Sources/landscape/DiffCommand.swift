import ArgumentParser
import Foundation
import LandscapeCore
import LandscapeReport

extension ResultsDiff.Format: ExpressibleByArgument {}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two reports: folders, results.json files, or git revisions (REV or REV:NAME).",
        discussion:
            "Exit status: 0 when no finding changed its verdict and no compared number moved beyond --rtol/--atol, 1 when one did, 2 for unreadable or incompatible input. Verdicts come from each side's findings.json (computed from its results.json when absent) and are listed first. With several seeds on both sides, numbers are judged by their seed means: a change within the across-seed standard deviation is seed noise (--exact judges every number alone)."
    )
    @Argument(help: "The old side.") var old: String
    @Argument(help: "The new side.") var new: String
    @Option(help: "Output: text, md (a pull-request comment) or json.") var format: ResultsDiff.Format = .text
    @Option(help: "Also write an HTML page with overlay figures into this folder.") var html: String?
    @Flag(help: "Show every compared number, not only the changed ones.") var all = false
    @Option(help: "Relative tolerance for the exit status.") var rtol = 0.0
    @Option(help: "Absolute tolerance for the exit status.") var atol = 0.0
    @Flag(help: "Judge every number alone, even when both sides have several seeds.") var exact = false
    @Option(help: "Where reports live inside a revision.") var reports = "reports"
    @Option(help: "The templates folder (for --html).") var templates: String?
    @Option(help: "Significant digits of the printed numbers (text and md; json keeps every digit).")
    var precision = 6

    func validate() throws {
        guard (1...17).contains(precision) else { throw ValidationError("--precision takes 1 to 17 digits") }
    }

    func run() throws {
        let a: ResultsSource, b: ResultsSource
        do {
            a = try ResultsSource.resolve(old, reportsFolder: reports)
            b = try ResultsSource.resolve(new, reportsFolder: reports)
        } catch let error as LandscapeError {
            FileHandleOutput.standardError("error: \(error)")
            throw ExitCode(2)
        }
        var diff = ResultsDiff(a, b)
        diff.precision = precision
        switch format {
        case .text: print(diff.text(all: all))
        case .md: print(diff.markdown(all: all), terminator: "")
        case .json: print(try diff.json(all: all))
        }
        if let html {
            let index = try DiffPage(old: a, new: b).write(
                to: CommandLinePath.check(html, option: "--html"), templates: Templates.locate(templates), all: all)
            FileHandleOutput.standardError("diff page: \(index.path)")
        }
        let status = diff.exitStatus(rtol: rtol, atol: atol, exact: exact)
        if status != 0 { throw ExitCode(status) }
    }
}

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish", abstract: "Build a static site from every report under reports/ (incremental).")
    @Option(help: "The reports folder.") var reports = "reports"
    @Option(help: "The site folder to write.") var site = "site"
    @Option(help: "The templates folder.") var templates: String?

    func run() throws {
        let t0 = monotonicSeconds()
        let index = try SitePublisher(
            reports: CommandLinePath.check(reports, option: "--reports"),
            site: CommandLinePath.check(site, option: "--site"),
            templates: Templates.locate(templates)
        ).publish()
        print(String(format: "site: %@ (%.2f s)", index.path, monotonicSeconds() - t0))
    }
}
