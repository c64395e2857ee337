import Foundation
import LandscapeCore
import LandscapeExperiment
import LandscapeFindings

/// Builds a static site from every report under `reports/`: an index page, each report's page,
/// and diff pages between consecutive committed versions of the same report. Relative links
/// only, no external assets, `.nojekyll`: the folder can be copied to any static host as it is.
public struct SitePublisher {
    public let reports: URL
    public let site: URL
    public let templates: URL
    public var log: (String) -> Void = { print($0) }

    public init(reports: URL, site: URL, templates: URL) {
        self.reports = reports
        self.site = site
        self.templates = templates
    }

    /// Files of a report folder that the site carries (the .npy losses stay in the repository).
    static func reportFiles(_ results: Results) -> [String] {
        ReportRenderer.outputs(results) + ["results.json", "provenance.json", "curves.csv"]
    }

    struct Entry {
        let name: String; let results: Results; let provenance: Provenance?; let diffs: [String]; let history: Bool
    }

    /// Publishes; returns the site's index.html. Unchanged reports and existing diffs are skipped.
    @discardableResult
    public func publish() throws -> URL {
        let fm = FileManager.default
        let names = ((try? fm.contentsOfDirectory(atPath: reports.path)) ?? []).sorted().filter {
            fm.fileExists(atPath: reports.appendingPathComponent("\($0)/results.json").path)
        }
        guard !names.isEmpty else {
            throw LandscapeError(file: reports.path, "no reports (folders with results.json) to publish")
        }
        try checkFoldersApart()
        try fm.createDirectory(at: site, withIntermediateDirectories: true)
        let manifestURL = site.appendingPathComponent(".manifest.json")
        var manifest = (try? JSONDecoder().decode([String: String].self, from: Data(contentsOf: manifestURL))) ?? [:]
        // A report's site folder is replaced whole: only one this tool published may be.
        for name in names where manifest[name] == nil && fm.fileExists(atPath: site.appendingPathComponent(name).path) {
            throw LandscapeError(
                file: site.appendingPathComponent(name).path,
                "exists and was not published by landscape; nothing was changed; move it or choose another --site")
        }
        var entries: [Entry] = []
        for name in names {
            let folder = reports.appendingPathComponent(name)
            if !fm.fileExists(atPath: folder.appendingPathComponent("index.html").path) {
                try ReportRenderer(templates: templates).render(folder: folder)
            }
            let results = try RunStore.readResults(folder.appendingPathComponent("results.json"))
            let provenance = try? RunStore.decoder.decode(
                Provenance.self, from: Data(contentsOf: folder.appendingPathComponent("provenance.json")))
            let files = Self.reportFiles(results)
            let fingerprint = try Self.fingerprint(folder, files: files)
            let target = site.appendingPathComponent(name)
            if manifest[name] != fingerprint || !fm.fileExists(atPath: target.appendingPathComponent("index.html").path)
            {
                try copyReport(folder, files: files, to: target)
                manifest[name] = fingerprint
                log("published \(name)")
            }
            let diffs = try publishDiffs(name)
            let history = try publishHistory(name)
            entries.append(Entry(name: name, results: results, provenance: provenance, diffs: diffs, history: history))
        }
        try AtomicFile.write(Data(), to: site.appendingPathComponent(".nojekyll"))
        let index = try Templates.writePage(
            into: site, templates: templates, title: "landscape results", markdown: indexMarkdown(entries),
            links: [], toolVersion: ToolVersion.current)
        try AtomicFile.write(RunStore.encoder.encode(manifest), to: manifestURL)
        return index
    }

    /// The site is written and the reports are read: neither may lie inside the other (a site
    /// inside reports/ would replace each report folder with its copy).
    func checkFoldersApart() throws {
        func real(_ url: URL) -> String {
            var path = url.standardizedFileURL.path
            // Resolve the deepest part that exists, so links and `..` cannot hide an overlap.
            var tail: [String] = []
            while !FileManager.default.fileExists(atPath: path), path != "/" {
                tail.insert((path as NSString).lastPathComponent, at: 0)
                path = (path as NSString).deletingLastPathComponent
            }
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            return ([resolved] + tail).joined(separator: "/").replacingOccurrences(of: "//", with: "/")
        }
        let (r, s) = (real(reports), real(site))
        if r == s || s.hasPrefix(r + "/") || r.hasPrefix(s + "/") {
            throw LandscapeError(
                file: site.path, "--site and --reports (\(reports.path)) overlap; the site must be a folder of its own")
        }
    }

    static func fingerprint(_ folder: URL, files: [String]) throws -> String {
        var data = Data()
        for file in files { data.append((try? Data(contentsOf: folder.appendingPathComponent(file))) ?? Data()) }
        let figures = folder.appendingPathComponent("figures")
        for f in ((try? FileManager.default.contentsOfDirectory(atPath: figures.path)) ?? []).sorted() {
            data.append(Data(f.utf8))
            data.append((try? Data(contentsOf: figures.appendingPathComponent(f))) ?? Data())
        }
        return "\(data.count):" + LandscapeHash.fnv1a(data)
    }

    func copyReport(_ folder: URL, files: [String], to target: URL) throws {
        try AtomicFile.writeDirectory(target) { tmp in
            for file in files
            where FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path) {
                try FileManager.default.copyItem(
                    at: folder.appendingPathComponent(file), to: tmp.appendingPathComponent(file))
            }
            let figures = folder.appendingPathComponent("figures")
            if FileManager.default.fileExists(atPath: figures.path) {
                try FileManager.default.copyItem(at: figures, to: tmp.appendingPathComponent("figures"))
            }
            // Keep the diff pages and the history published earlier (the history's cache saves re-reading commits).
            for kept in ["diffs", Self.historyFolder] {
                let old = target.appendingPathComponent(kept)
                if FileManager.default.fileExists(atPath: old.path) {
                    try FileManager.default.copyItem(at: old, to: tmp.appendingPathComponent(kept))
                }
            }
        }
    }

    /// The repository the reports folder is in, and the folder's path inside it (what a
    /// `REV:path` names); nil outside git.
    func gitLocation() -> (repository: URL, reportsFolder: String)? {
        guard let top = Git.run(["rev-parse", "--show-toplevel"], in: reports),
            let prefix = Git.run(["rev-parse", "--show-prefix"], in: reports)
        else { return nil }
        return (URL(fileURLWithPath: top), prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix)
    }

    /// Diff pages between consecutive commits that changed reports/NAME/results.json.
    func publishDiffs(_ name: String) throws -> [String] {
        guard let (repository, reportsInRepository) = gitLocation(),
            let history = Git.run(["log", "--format=%h", "--", "\(name)/results.json"], in: reports), !history.isEmpty
        else { return [] }
        let commits = Array(history.split(separator: "\n").map(String.init).reversed()) // oldest first
        var pages: [String] = []
        for (older, newer) in zip(commits, commits.dropFirst()) {
            let page = "diffs/\(older)-\(newer)"
            pages.append(page)
            let folder = site.appendingPathComponent("\(name)/\(page)")
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.html").path) { continue }
            do {
                let old = try ResultsSource.resolve(
                    "\(older):\(name)", reportsFolder: reportsInRepository, repository: repository)
                let new = try ResultsSource.resolve(
                    "\(newer):\(name)", reportsFolder: reportsInRepository, repository: repository)
                try DiffPage(old: old, new: new).write(to: folder, templates: templates, all: false)
                log("published \(name)/\(page)")
            } catch let error as LandscapeError {
                // An older commit may hold results of an earlier schema: no page for that pair.
                pages.removeLast()
                log("skipped \(name)/\(page): \(error)")
            }
        }
        return pages
    }

    func indexMarkdown(_ entries: [Entry]) -> String {
        var table = HTMLTable(
            header: [
                "report", "finished", "commit", "datasets", "grid", "networks", "final |ΔL| (EMA)", "history", "diffs",
            ],
            numeric: [5])
        table.trustedHTML = [0, 7, 8]
        table.rows = entries.map { e in
            let trained = e.results.configurations.filter { $0.status == .trained }
            let ema =
                trained.isEmpty
                ? "—"
                : "\(NumberFormat.sci(trained.map(\.finalEMA).min()!))–\(NumberFormat.sci(trained.map(\.finalEMA).max()!))"
            return [
                HTMLTable.link(e.name, "\(e.name)/index.html"),
                e.provenance?.finished ?? "—", String((e.provenance?.gitCommit ?? "—").prefix(10)),
                e.results.datasets.filter(\.present).map { e.results.displayName($0.variant) }.joined(separator: ", "),
                "h ∈ {\(e.results.spec.widths.map(String.init).joined(separator: ", "))} × L ∈ {\(e.results.spec.depths.map(String.init).joined(separator: ", "))}",
                "\(e.results.configurations.count)", ema,
                e.history ? HTMLTable.link("history", "\(e.name)/\(Self.historyFolder)/index.html") : "—",
                e.diffs.isEmpty
                    ? "—"
                    : e.diffs.map { HTMLTable.link(($0 as NSString).lastPathComponent, "\(e.name)/\($0)/index.html") }
                        .joined(separator: "<br>"),
            ]
        }
        return
            "# landscape results\n\nReports of the loss-landscape convergence study (arXiv 2409.11995), newest data first in each report; diffs compare consecutive committed versions.\n\n"
            + table.markdown + "\n"
    }
}

extension SitePublisher {
    /// Where a report's history page lives in the site: `<report>/history/index.html`.
    static let historyFolder = "history"

    /// The history page of one report: every commit that changed its results.json, read from
    /// git's objects (points already read are cached beside the page). Returns whether one was written.
    func publishHistory(_ name: String) throws -> Bool {
        guard let (repository, reportsInRepository) = gitLocation(),
            let commits = Git.run(
                ["log", "--diff-filter=AM", "--format=%h%x09%ad%x09%s", "--date=short", "--", "\(name)/results.json"],
                in: reports),
            !commits.isEmpty
        else { return false }
        let folder = site.appendingPathComponent("\(name)/\(Self.historyFolder)")
        let cacheURL = folder.appendingPathComponent(".points.json")
        var cache =
            (try? JSONDecoder().decode([String: ReportHistory.Point].self, from: Data(contentsOf: cacheURL))) ?? [:]
        var points: [ReportHistory.Point] = [], read = 0
        for line in commits.split(separator: "\n").reversed() { // oldest first
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { continue }
            if let cached = cache[fields[0]] {
                points.append(cached)
                continue
            }
            do {
                let source = try ResultsSource.resolve(
                    "\(fields[0]):\(name)", reportsFolder: reportsInRepository, repository: repository)
                let point = ReportHistory.Point(commit: fields[0], date: fields[1], subject: fields[2], source: source)
                cache[fields[0]] = point
                points.append(point)
                read += 1
            } catch let error as LandscapeError {
                // A commit of a schema this version cannot read: left out, and said.
                log("history \(name): skipped \(fields[0]): \(error)")
            }
        }
        let page = folder.appendingPathComponent("index.html")
        // Nothing new since the last publish: the page stands.
        if read == 0, FileManager.default.fileExists(atPath: page.path) { return true }
        let history = ReportHistory(name: name, points: points)
        for f in history.figures() where !points.isEmpty {
            try AtomicFile.write(f.chart.png(), to: folder.appendingPathComponent("figures/\(f.file)"))
        }
        try Templates.writePage(
            into: folder, templates: templates, title: "landscape history: \(name)", markdown: history.markdown,
            links: [], toolVersion: ToolVersion.current)
        try AtomicFile.write(RunStore.encoder.encode(cache), to: cacheURL)
        log("published \(name)/\(Self.historyFolder)")
        return true
    }
}

/// FNV-1a over bytes, as hex: change detection for re-publishing, not security.
enum LandscapeHash {
    static func fnv1a(_ data: Data) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in data { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return String(h, radix: 16)
    }
}
