import Foundation
import LandscapeCore
import TestSupport
import XCTest

/// A real single-node Slurm cluster (slurm-wlm + munge, started by scripts/slurm-local.sh on
/// loopback): the sbatch chain of `landscape slurm` gives the bytes of a local run, and after a
/// task is cancelled mid-way, resubmitting finishes the rest to the same bytes.
final class SlurmClusterTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory("landscape-slurm-test") }
    override func tearDown() { dir.remove() }

    var executable: URL { landscapeExecutable }
    var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }
    var clusterFolder: URL { dir.file("cluster") }
    /// A clean environment for the commands (and, through sbatch, the jobs); the sanitizers'
    /// options pass through (make sanitize).
    var environment: [String: String] {
        [
            "HOME": dir.url.path, "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "SLURM_CONF": clusterFolder.appendingPathComponent("slurm.conf").path,
            "SLURM_LOCAL_DIR": clusterFolder.path, "SLURM_LOCAL_PORT": "\(17_000 + Int(getpid() % 500) * 2)",
        ].merging(sanitizerOptions) { a, _ in a }
    }

    /// Runs a command to the end; returns (status, stdout + stderr).
    @discardableResult
    func shell(_ arguments: [String], allowFailure: Bool = false) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        p.environment = environment
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        if !allowFailure && p.terminationStatus != 0 {
            XCTFail("\(arguments.joined(separator: " ")) failed (\(p.terminationStatus)):\n\(out)")
        }
        return (p.terminationStatus, out)
    }

    /// Polls `squeue` until none of `jobs` is queued or running, at most `limit` seconds.
    func waitUntilDone(_ jobs: [String], limit: Double = 300) throws {
        let start = monotonicSeconds()
        while monotonicSeconds() - start < limit {
            let (_, out) = try shell(
                ["squeue", "-h", "--jobs", jobs.joined(separator: ","), "-o", "%i %T"], allowFailure: true)
            if out.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || out.contains("Invalid job id") { return }
            Thread.sleep(forTimeInterval: 0.5)
        }
        XCTFail("jobs \(jobs) still queued after \(limit) s:\n\(try shell(["squeue"], allowFailure: true).1)")
    }

    func submit(spec: URL, out: URL) throws -> [String: String] {
        let (_, text) = try shell([
            executable.path, "slurm", out.path, "--spec", spec.path, "--shards", "4", "--cpus", "1",
            "--time", "00:10:00", "--data-dir", dir.file("data").path, "--submit",
        ])
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("submitted:") }) else {
            XCTFail(text); return [:]
        }
        return Dictionary(
            uniqueKeysWithValues: line.dropFirst("submitted:".count).split(separator: " ").compactMap {
                pair -> (String, String)? in
                let kv = pair.split(separator: "=")
                return kv.count == 2 ? (String(kv[0]), String(kv[1])) : nil
            })
    }

    func testShardedSlurmRunEqualsLocalRunAndResumesAfterCancel() throws {
        guard getuid() == 0 else {
            throw XCTSkip("the local Slurm cluster needs root (its daemons run as root on loopback)")
        }
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw XCTSkip("no landscape executable at \(executable.path)")
        }
        let (started, log) = try shell(
            [repository.appendingPathComponent("scripts/slurm-local.sh").path, "start"], allowFailure: true)
        defer {
            _ = try? shell(
                [repository.appendingPathComponent("scripts/slurm-local.sh").path, "stop"], allowFailure: true)
        }
        guard started == 0 else { return XCTFail("the local Slurm cluster did not start:\n\(log)") }

        try TinyGrid.writeFashionMNIST(to: dir.file("data"), count: 1_500)
        let spec = dir.file("spec.yaml")
        try """
        name: slurm
        datasets: [fashion-mnist]
        widths: [16, 32, 64]
        depths: [1, 3]
        objects: 1500
        epochs: 8
        permutations: 20
        seeds: [0, 1]
        encoders: []
        draws: 8
        """.write(to: spec, atomically: true, encoding: .utf8)
        // The reference: one machine, one process.
        try shell([
            executable.path, "run", "--spec", spec.path, "--out", dir.file("local").path, "--data-dir",
            dir.file("data").path, "--jobs", "2",
        ])

        // 1. The whole chain: run array, merge, render.
        let first = try submit(spec: spec, out: dir.file("cluster-run"))
        XCTAssertNotNil(first["run"])
        try waitUntilDone(Array(first.values))
        let expected = try Data(contentsOf: dir.file("local/results.json"))
        XCTAssertEqual(try Data(contentsOf: dir.file("cluster-run/results.json")), expected)
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: dir.file("cluster-run/index.html").path), "the render job ran")

        // 2. Cancel the array while a task runs (each runs three configurations of seconds each):
        // merge and render are cancelled with it
        // (--kill-on-invalid-dep); resubmitting runs only what is missing.
        let second = try submit(spec: spec, out: dir.file("cluster-cancel"))
        let run = try XCTUnwrap(second["run"])
        var cancelled = false
        let start = monotonicSeconds()
        while !cancelled && monotonicSeconds() - start < 120 {
            let (_, states) = try shell(["squeue", "-h", "--jobs", run, "-o", "%i %T"], allowFailure: true)
            // Once a task has read the datasets (datasets.json written): cancelled before that, merge
            // has no datasets to list the missing configurations of.
            let started = FileManager.default.fileExists(atPath: dir.file("cluster-cancel/datasets.json").path)
            if started, states.split(separator: "\n").contains(where: { $0.hasSuffix("RUNNING") && $0.contains("_") }) {
                // The whole array, once a task runs: cancelling one task raced with its end (a task
                // that had just saved its last configuration left nothing missing), while the
                // pending tasks (two cores, four tasks) are sure to leave configurations undone.
                try shell(["scancel", run])
                cancelled = true
            } else if states.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                break
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        XCTAssertTrue(cancelled, "no array task was seen running to cancel")
        try waitUntilDone(Array(second.values))
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: dir.file("cluster-cancel/results.json").path),
            "merge must not run after a cancelled task")
        let (status, listing) = try shell(
            [executable.path, "merge", dir.file("cluster-cancel").path], allowFailure: true)
        XCTAssertEqual(status, 1, listing)
        XCTAssertTrue(listing.contains("still missing"), listing)
        let third = try submit(spec: spec, out: dir.file("cluster-cancel"))
        try waitUntilDone(Array(third.values))
        XCTAssertEqual(try Data(contentsOf: dir.file("cluster-cancel/results.json")), expected)
    }
}
