import Foundation
import LandscapeCore

/// `provenance.json`: how and where a run was made. Kept apart from `results.json` because
/// timings and machine facts differ between runs, while results must be byte-identical.
public struct Provenance: Codable, Sendable {
    public var toolVersion = ToolVersion.current
    public var gitCommit: String
    /// Whether the checkout's sources (Sources/, Package.swift) differed from `gitCommit` when the
    /// run ended, so that the commit alone does not reproduce it (absent in older files, and where
    /// no checkout is found).
    public var uncommittedSources: Bool?
    public var toolchain: String
    public var cpu: String
    /// The OpenBLAS kernel family the run used (absent in files written before it was recorded).
    public var blasKernel: String?
    public var cores: Int
    /// Configurations run side by side; 0 for a folder merged from shards.
    public var workers: Int
    public var command: String
    public var finished: String
    public var totalSeconds: Double
    /// Training + analysis seconds of each configuration computed in this or an earlier session.
    public var configurationSeconds: [String: Double]
    /// Seconds per pipeline stage (`PipelineStage`) of the configurations computed in this session,
    /// summed over workers; absent in files written before it was recorded and in merged shards.
    public var stageSeconds: [String: Double]?

    public static func current(
        workers: Int, totalSeconds: Double, configurationSeconds: [String: Double],
        stageSeconds: [String: Double]? = nil
    ) -> Provenance {
        // The commit of the executable's checkout (a Slurm job's working folder is not one).
        let executableFolder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().path
        let checkout = checkoutRoot(of: executableFolder) ?? checkoutRoot(of: ".")
        return Provenance(
            gitCommit: checkout.flatMap { shell("git", "-C", $0, "rev-parse", "HEAD") } ?? "unknown",
            uncommittedSources: checkout.flatMap(sourcesDiffer(inCheckout:)),
            toolchain: Self.toolchain, cpu: cpuModel(), blasKernel: BLAS.kernel,
            cores: ProcessInfo.processInfo.activeProcessorCount,
            workers: workers,
            command: CommandLine.arguments.map { ($0 as NSString).lastPathComponent == "landscape" ? "landscape" : $0 }
                .joined(separator: " "),
            finished: ISO8601DateFormatter().string(from: Date()),
            totalSeconds: totalSeconds, configurationSeconds: configurationSeconds, stageSeconds: stageSeconds)
    }

    /// Whether the sources (tracked or new) of the checkout holding `folder` differ from its HEAD (nil: no
    /// checkout).
    public static func uncommittedSources(in folder: String) -> Bool? {
        checkoutRoot(of: folder).flatMap(sourcesDiffer(inCheckout:))
    }

    static func checkoutRoot(of folder: String) -> String? {
        shell("git", "-C", folder, "rev-parse", "--show-toplevel")
    }

    /// `top`: a checkout's root (the pathspecs are relative to it).
    static func sourcesDiffer(inCheckout top: String) -> Bool? {
        shell("git", "-C", top, "status", "--porcelain", "--", "Sources", "Package.swift").map { !$0.isEmpty }
    }

    static var toolchain: String {
        #if compiler(>=6.3)
        "Swift 6.3+"
        #elseif compiler(>=6.0)
        "Swift 6.x"
        #else
        "Swift 5"
        #endif
    }

    static func cpuModel() -> String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") })
        else { return "unknown" }
        return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) }
            ?? "unknown"
    }

    static func shell(_ args: String...) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(
            in: .whitespacesAndNewlines)
    }
}
