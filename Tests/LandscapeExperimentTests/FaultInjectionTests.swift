import Foundation
import LandscapeCore
import TestSupport
import XCTest

/// The `landscape` executable killed at random moments (SIGKILL), then resumed, must give the
/// bytes of an uninterrupted run; a full disk must give one line and leave no half-written file.
final class FaultInjectionTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    var executable: URL { landscapeExecutable }

    func writeSpec() throws -> URL {
        let url = dir.file("spec.yaml")
        try """
        name: faults
        datasets: [fashion-mnist]
        widths: [4, 8, 16]
        depths: [1, 2]
        objects: 300
        epochs: 3
        permutations: 10
        seeds: [0, 1]
        encoders: []
        """.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func process(out: String, spec: URL) -> Process {
        let p = Process()
        p.executableURL = executable
        p.arguments = [
            "run", "--spec", spec.path, "--out", dir.file(out).path, "--data-dir", dir.file("data").path, "--jobs", "2",
        ]
        // A clean environment, but the sanitizers' options pass through (make sanitize).
        p.environment = ["HOME": dir.url.path, "PATH": "/usr/bin:/bin"].merging(sanitizerOptions) { a, _ in a }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        return p
    }

    func testKilledRunsResumeToTheSameBytes() throws {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw XCTSkip("no landscape executable at \(executable.path)")
        }
        try TinyGrid.writeFashionMNIST(to: dir.file("data"))
        let spec = try writeSpec()
        let whole = process(out: "whole", spec: spec)
        let t0 = monotonicSeconds()
        try whole.run()
        whole.waitUntilExit()
        XCTAssertEqual(whole.terminationStatus, 0)
        let duration = monotonicSeconds() - t0

        var rng = SeededGenerator(seed: 15)
        var kills = 0
        for _ in 0..<8 {
            let p = process(out: "killed", spec: spec)
            try p.run()
            // A random moment inside the run (startup included).
            usleep(UInt32(1_000_000 * duration * (0.1 + 0.8 * rng.nextUnit())))
            if p.isRunning { kill(p.processIdentifier, SIGKILL); kills += 1 }
            p.waitUntilExit()
        }
        let last = process(out: "killed", spec: spec)
        try last.run()
        last.waitUntilExit()
        XCTAssertEqual(last.terminationStatus, 0)
        XCTAssertGreaterThan(kills, 0, "no run was killed mid-way (each took \(duration) s)")
        for file in [
            "results.json", "curves.csv", "losses/fashion-mnist-h16-N2-s1.npy", "losses/fashion-mnist-h4-N1-s0.npy",
        ] {
            XCTAssertEqual(
                try Data(contentsOf: dir.file("whole/\(file)")), try Data(contentsOf: dir.file("killed/\(file)")), file)
        }
        // The killed runs' temporary files are gone too.
        XCTAssertEqual(dir.listing().filter { $0.hasPrefix("killed/") && $0.hasSuffix(".tmp") }, [])
        // A folder finished by a run killed between its files (results.json written, curves.csv not,
        // as older versions wrote them in that order) is completed by the next run.
        try FileManager.default.removeItem(at: dir.file("killed/curves.csv"))
        let again = process(out: "killed", spec: spec)
        try again.run()
        again.waitUntilExit()
        XCTAssertEqual(again.terminationStatus, 0)
        XCTAssertEqual(
            try Data(contentsOf: dir.file("killed/curves.csv")), try Data(contentsOf: dir.file("whole/curves.csv")))
    }

    func testFullDiskGivesOneLineAndNoHalfWrittenFile() throws {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw XCTSkip("no landscape executable at \(executable.path)")
        }
        try TinyGrid.writeFashionMNIST(to: dir.file("data"))
        let spec = try writeSpec()
        let disk = dir.file("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=48k", "tmpfs", disk.path]
        mount.standardError = FileHandle.nullDevice
        guard (try? mount.run()) != nil else { throw XCTSkip("cannot run mount") }
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else {
            throw XCTSkip(
                "this machine does not allow mounting a tmpfs (not root, or in a container without the capability)")
        }
        defer {
            let umount = Process()
            umount.executableURL = URL(fileURLWithPath: "/bin/umount")
            umount.arguments = [disk.path]
            try? umount.run()
            umount.waitUntilExit()
        }
        let p = process(out: "disk/run", spec: spec)
        let errors = Pipe()
        p.standardError = errors
        try p.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertNotEqual(p.terminationStatus, 0)
        let errorLines = message.split(separator: "\n").filter { $0.hasPrefix("error") }
        XCTAssertEqual(errorLines.count, 1, message)
        XCTAssertTrue(errorLines.first?.contains("disk/run") == true, message)
        let left = dir.listing().filter { $0.hasPrefix("disk/") }
        XCTAssertFalse(left.contains("disk/run/results.json"), "\(left)")
        XCTAssertEqual(left.filter { $0.hasSuffix(".tmp") }, [], "\(left)")
    }
}
