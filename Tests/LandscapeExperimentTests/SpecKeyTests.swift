import Foundation
import LandscapeData
import LandscapeExperiment
import TestSupport
import XCTest

/// A spec key is declared once (`SpecKey.all`); the flags, the help, the docs and the reader agree
/// with that list, and reading a spec is pure: resolving its declared datasets is a separate step.
final class SpecKeyTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Options of `landscape run` that are not spec keys: the preset and file, where to write,
    /// how to run, where data is.
    static let notSpecKeys: Set<String> = [
        "quick", "spec", "noHessian", "out", "jobs", "force", "vitWeights", "dataDir",
        "shard", "featuresOnly", "help", "version",
    ]

    func camel(_ flag: String) -> String {
        let parts = flag.split(separator: "-")
        return String(parts[0]) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    func testEveryFlagNamesASpecKeyAndTheHelpListsEveryKey() throws {
        let help = try runLandscape(["run", "--help"], in: dir.url).stdout
        let flags = Set(help.matches(of: /--([a-z][a-z-]+)/).map { camel(String($0.1)) })
        XCTAssertTrue(flags.contains("sigmas") && flags.contains("subspaceDimensions"), help)
        let keys = Set(SpecKey.all.map(\.name))
        for flag in flags.subtracting(Self.notSpecKeys) {
            XCTAssertTrue(keys.contains(flag), "--\(flag) has no spec key")
        }
        // The --spec help is derived from the key list (ArgumentParser wraps lines, so compare words).
        let words = help.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == "(" || $0 == ")" || $0 == "." })
            .map(String.init)
        for key in keys { XCTAssertTrue(words.contains(key), "--spec help lacks '\(key)'") }
        XCTAssertEqual(keys.count, SpecKey.all.count, "a key is declared twice")
    }

    /// docs/spec-keys.md is the key table `landscape spec-keys` prints (regenerate it with
    /// `landscape spec-keys > docs/spec-keys.md`); the protocol's defaults table links it.
    func testTheDocumentedKeyTableIsTheDeclaredOne() throws {
        let file = Self.repository.appendingPathComponent("docs/spec-keys.md")
        let doc = try String(contentsOf: file, encoding: .utf8)
        XCTAssertTrue(
            doc.hasSuffix(SpecKey.markdownTable),
            "docs/spec-keys.md is stale: run `landscape spec-keys` and paste its table")
        let printed = try runLandscape(["spec-keys"], in: dir.url)
        XCTAssertEqual(printed.stdout, SpecKey.markdownTable)
        XCTAssertTrue(
            SpecKey.markdownTable.contains("| `sigmas` | [0.0001, 0.001, 0.01] | [0.0001, 0.001, 0.01] | 1e-08…10.0 |"),
            SpecKey.markdownTable)
        XCTAssertTrue(SpecKey.markdownTable.contains("| `objects` | 10000 | 2000 |"))
    }

    func testAFlagGoesThroughItsKey() throws {
        var spec = ExperimentSpec.quick
        try SpecKey.set("sigmas", list: "0.5, 0.25", on: &spec)
        XCTAssertEqual(spec.criteria.sigmas, [0.5, 0.25])
        try SpecKey.set("datasets", list: "FMNIST", on: &spec)
        XCTAssertEqual(spec.datasets, [.fashionMNIST])
        try SpecKey.set("criteria", list: "", on: &spec)
        XCTAssertEqual(spec.criteria.kinds, [])
        XCTAssertThrowsError(try SpecKey.set("widths", list: "4,x", on: &spec)) { error in
            XCTAssertTrue("\(error)".hasPrefix("--widths: key widths[1]"), "\(error)")
            XCTAssertTrue("\(error)".contains("expected an integer, found 'x'"), "\(error)")
        }
        XCTAssertThrowsError(try SpecKey.set("encoders", list: "resnet", on: &spec)) { error in
            XCTAssertEqual("\(error)", "--encoders: unknown encoder 'resnet' (efficientnet-lite0, vit-b16)")
        }
    }

    /// Parsing reads the spec file and nothing else: a declared dataset whose file does not exist
    /// parses; resolving it is the step that reads (and fails, naming the file).
    func testParsingIsPureAndResolvingReadsTheDeclaredFiles() throws {
        try "name: mine\ndatasets:\n  - name: toy\n    path: absent.csv\n  - mnist\nwidths: [4]\n"
            .write(to: dir.file("spec.yaml"), atomically: true, encoding: .utf8)
        let parsed = try ExperimentSpec.parse(dir.file("spec.yaml"))
        XCTAssertEqual(parsed.datasets, [DatasetName(rawValue: "toy"), .mnist])
        XCTAssertEqual(parsed.declarations.map(\.path), [dir.file("absent.csv").path], "relative to the spec's folder")
        XCTAssertNil(parsed.declaredDatasets)
        XCTAssertThrowsError(try parsed.resolvingDatasets()) { XCTAssertTrue("\($0)".contains("absent.csv"), "\($0)") }

        try "x,label\n1,a\n2,b\n3,a\n".write(to: dir.file("absent.csv"), atomically: true, encoding: .utf8)
        let (resolved, data) = try parsed.resolvingDatasets()
        XCTAssertEqual(resolved.declarations, [])
        XCTAssertEqual(resolved.declaredDatasets?.map(\.objects), [3])
        XCTAssertEqual(data[DatasetName(rawValue: "toy")]?.count, 3)
        XCTAssertEqual(resolved.datasetDescriptors.displayName(DatasetName(rawValue: "toy")), "toy")
        // A name that is neither built in nor declared is an error of the spec, not a placeholder.
        try "datasets: [toy]\n".write(to: dir.file("bad.yaml"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ExperimentSpec.parse(dir.file("bad.yaml"))) {
            XCTAssertTrue("\($0)".contains("unknown dataset 'toy'"), "\($0)")
        }
    }

    /// The surfaces' grid side: odd (θ̂ at the centre) and at most 101, 0 off; a stored spec
    /// without the key reads as off, a new one is on at 31.
    func testTheSurfaceGridIsOddAndBoundedAndZeroTurnsItOff() throws {
        func parse(_ value: String) throws -> ExperimentSpec {
            try "datasets: [mnist]\nsurfaceGrid: \(value)\n".write(
                to: dir.file("s.yaml"), atomically: true, encoding: .utf8)
            return try ExperimentSpec.parse(dir.file("s.yaml"))
        }
        XCTAssertEqual(try parse("0").surfaceGrid, nil)
        XCTAssertEqual(try parse("3").surfaceGrid, 3)
        XCTAssertEqual(try parse("101").surfaceGrid, 101)
        for bad in ["4", "1", "103", "-1"] {
            XCTAssertThrowsError(try parse(bad), bad) {
                XCTAssertTrue("\($0)".contains("surfaceGrid must be 0 (off) or odd in 3…101"), "\($0)")
            }
        }
        XCTAssertEqual(ExperimentSpec.paper.surfaceGrid, 31)
        let stored = try RunStore.decoder.decode(ExperimentSpec.self, from: Data(#"{"name": "old"}"#.utf8))
        XCTAssertNil(stored.surfaceGrid, "a stored spec without the key: off")
    }
}
