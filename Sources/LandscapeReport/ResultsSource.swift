import Foundation
import LandscapeCore
import LandscapeExperiment
import LandscapeFindings

/// One side of a diff: a report folder, a results.json, or a git revision with an optional
/// report name (`HEAD~1`, `v1.0:paper`), read from git's objects without touching the work tree.
public struct ResultsSource {
    public let label: String
    public let results: Results
    public let provenance: Provenance?
    /// The findings: those of the findings.json beside the results when there is one, else
    /// computed from the results (reports of commits before findings.json existed).
    public let findings: [Finding]

    public init(label: String, results: Results, provenance: Provenance?, findings: [Finding]? = nil) {
        self.label = label
        self.results = results
        self.provenance = provenance
        self.findings = findings ?? Findings(results: results).all()
    }

    /// Resolves `argument` (see the type's summary). `reportsFolder` is where git revisions look.
    /// With `repository`, a revision is read from that repository and `reportsFolder` is relative
    /// to its top; otherwise from the current directory's repository, relative to the current directory.
    public static func resolve(
        _ argument: String, reportsFolder: String = "reports", defaultReport: String = "paper",
        repository: URL? = nil
    ) throws -> ResultsSource {
        guard !argument.isEmpty else {
            throw LandscapeError("an empty argument is neither a report folder, a results file, nor a git revision")
        }
        var isDirectory: ObjCBool = false
        if repository == nil, FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) {
            let folder =
                isDirectory.boolValue
                ? URL(fileURLWithPath: argument) : URL(fileURLWithPath: argument).deletingLastPathComponent()
            let resultsURL =
                isDirectory.boolValue ? folder.appendingPathComponent("results.json") : URL(fileURLWithPath: argument)
            guard FileManager.default.fileExists(atPath: resultsURL.path) else {
                throw LandscapeError(file: argument, "holds no results.json")
            }
            let results = try RunStore.readResults(resultsURL)
            let provenance = try? RunStore.decoder.decode(
                Provenance.self, from: Data(contentsOf: folder.appendingPathComponent("provenance.json")))
            let findingsURL = resultsURL.deletingLastPathComponent().appendingPathComponent(FindingsFile.fileName)
            let findings =
                try FileManager.default.fileExists(atPath: findingsURL.path)
                ? FindingsFile.decode(UntrustedFile.read(findingsURL, limit: 64 << 20), file: findingsURL.path).findings
                : nil
            return ResultsSource(label: argument, results: results, provenance: provenance, findings: findings)
        }
        let parsed = try RevisionArgument.parse(argument)
        guard Git.run(["rev-parse", "--verify", "--quiet", "\(parsed.revision)^{commit}"], in: repository) != nil else {
            throw LandscapeError(file: argument, "neither a report folder, a results file, nor a git revision")
        }
        let revision = parsed.revision, name = parsed.report ?? defaultReport
        let path = "\(reportsFolder)/\(name)"
        let prefix = repository == nil ? Git.prefix() : ""
        guard let data = Git.data(["show", "\(revision):\(prefix)\(path)/results.json"], in: repository) else {
            throw LandscapeError(file: argument, "revision \(revision) has no \(path)/results.json")
        }
        let results = try RunStore.decodeResults(data, file: "\(revision):\(path)/results.json")
        let provenance = Git.data(["show", "\(revision):\(prefix)\(path)/provenance.json"], in: repository).flatMap {
            try? RunStore.decoder.decode(Provenance.self, from: $0)
        }
        let findings = try Git.data(["show", "\(revision):\(prefix)\(path)/\(FindingsFile.fileName)"], in: repository)
            .map {
                try FindingsFile.decode($0, file: "\(revision):\(path)/\(FindingsFile.fileName)").findings
            }
        return ResultsSource(label: "\(revision):\(path)", results: results, provenance: provenance, findings: findings)
    }
}

/// A git side of a diff, `REV` or `REV:NAME`, checked before git sees it: the revision is
/// never empty and never starts with '-' (git would read an option), the name is a folder under
/// the reports folder (no '..', not absolute), and neither holds a control character.
public struct RevisionArgument: Equatable, Sendable {
    public let revision: String
    public let report: String?

    public static func parse(_ argument: String) throws -> RevisionArgument {
        let parts = argument.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let revision = parts.first, !revision.isEmpty, !revision.hasPrefix("-"),
            parts.count == 1 || !parts[1].isEmpty,
            !argument.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw LandscapeError(file: argument, "neither a report folder, a results file, nor a git revision")
        }
        let report = parts.count > 1 ? parts[1] : nil
        if let report, report.split(separator: "/").contains("..") || report.hasPrefix("/") {
            throw LandscapeError(file: argument, "a report name is a folder under the reports folder, without '..'")
        }
        return RevisionArgument(revision: revision, report: report)
    }
}

/// Runs git in the current directory.
public enum Git {
    public static func data(_ args: [String], in directory: URL? = nil) -> Data? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + args
        if let directory { p.currentDirectoryURL = directory }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? data : nil
    }

    public static func run(_ args: [String], in directory: URL? = nil) -> String? {
        data(args, in: directory).map {
            String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// The current directory's path inside the repository (so `REV:path` is relative to it).
    static func prefix() -> String { run(["rev-parse", "--show-prefix"]) ?? "" }
}
