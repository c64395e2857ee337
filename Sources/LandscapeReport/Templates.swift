import Foundation
import LandscapeCore
import Mustache

/// Finds the `templates/` folder: `$LANDSCAPE_TEMPLATES`, `./templates`, else the nearest
/// `templates/` above the executable (the repository a release build sits in).
public enum Templates {
    public static func locate(_ explicit: String? = nil) throws -> URL {
        if let explicit {
            let url = try CommandLinePath.check(explicit, option: "--templates")
            guard FileManager.default.fileExists(atPath: url.appendingPathComponent("report.md").path) else {
                throw LandscapeError(file: url.path, "--templates: no report.md in this folder")
            }
            return url
        }
        let env = ProcessInfo.processInfo.environment["LANDSCAPE_TEMPLATES"]
        var candidates = [explicit, env].compactMap { $0 }.map { URL(fileURLWithPath: $0) }
        candidates.append(
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("templates"))
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("templates"))
            dir = dir.deletingLastPathComponent()
        }
        if let found = candidates.first(where: {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("report.md").path)
        }) {
            return found
        }
        throw LandscapeError(
            "templates: no folder with report.md found (looked in \(candidates.map(\.path).joined(separator: ", "))); set $LANDSCAPE_TEMPLATES"
        )
    }

    /// Writes `folder/index.html` (Markdown → cmark HTML inside page.html) and `folder/style.css`:
    /// the shell every page of the tool shares (reports, diff pages, the site index).
    @discardableResult
    public static func writePage(
        into folder: URL, page name: String = "index.html", templates: URL, title: String, markdown: String,
        links: [String], toolVersion: String
    ) throws -> URL {
        let shell = try read("page.html", in: templates)
        let page: String
        do {
            page = try MustacheTemplate(string: shell).render([
                "title": title, "toolVersion": toolVersion, "body": Markdown.html(markdown),
                "links": links.map { ["href": $0] },
            ])
        } catch {
            throw LandscapeError(file: templates.appendingPathComponent("page.html").path, "template error: \(error)")
        }
        try AtomicFile.write(read("style.css", in: templates), to: folder.appendingPathComponent("style.css"))
        let url = folder.appendingPathComponent(name)
        try AtomicFile.write(page, to: url)
        return url
    }

    public static func read(_ name: String, in folder: URL) throws -> String {
        do { return try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) } catch {
            throw LandscapeError(file: folder.appendingPathComponent(name).path, "cannot read the template")
        }
    }
}
