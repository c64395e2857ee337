import Foundation
import LandscapeExperiment
import XCTest

/// provenance.json says when the commit it names does not hold the sources that made the run.
final class ProvenanceTests: XCTestCase {
    func git(_ args: [String], in folder: URL) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", folder.path, "-c", "user.name=t", "-c", "user.email=t@t"] + args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "git \(args)")
    }

    /// A real checkout: clean, a changed source, a new source file, a change outside the sources
    /// (a run folder's files), and a folder that is no checkout.
    func testUncommittedSourcesAreReported() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("provenance-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let sources = root.appendingPathComponent("Sources/A")
        let reports = root.appendingPathComponent("reports/run")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        XCTAssertNil(Provenance.uncommittedSources(in: root.path))
        try "let a = 1\n".write(to: sources.appendingPathComponent("A.swift"), atomically: true, encoding: .utf8)
        try "{}\n".write(to: reports.appendingPathComponent("results.json"), atomically: true, encoding: .utf8)
        try git(["init", "-q"], in: root)
        try git(["add", "."], in: root)
        try git(["commit", "-q", "-m", "one"], in: root)
        XCTAssertEqual(Provenance.uncommittedSources(in: sources.path), false)
        try "{\"x\": 1}\n".write(to: reports.appendingPathComponent("results.json"), atomically: true, encoding: .utf8)
        XCTAssertEqual(Provenance.uncommittedSources(in: root.path), false, "a run folder is not a source")
        try "let b = 2\n".write(to: sources.appendingPathComponent("B.swift"), atomically: true, encoding: .utf8)
        XCTAssertEqual(Provenance.uncommittedSources(in: root.path), true, "a new source file")
        try FileManager.default.removeItem(at: sources.appendingPathComponent("B.swift"))
        try "let a = 2\n".write(to: sources.appendingPathComponent("A.swift"), atomically: true, encoding: .utf8)
        XCTAssertEqual(Provenance.uncommittedSources(in: root.path), true, "a changed source file")
    }
}
