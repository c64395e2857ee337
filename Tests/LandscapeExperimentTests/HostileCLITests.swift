import Foundation
import TestSupport
import XCTest

/// The command line under careless or hostile input: each mistake is one line naming the file,
/// key or line, a non-zero exit, never a trap or a Foundation error dump (docs/security.md).
final class HostileCLITests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: dir.file(name), atomically: true, encoding: .utf8)
    }

    /// Runs and checks the one-line contract; returns the error line.
    @discardableResult
    func refuses(
        _ arguments: [String], _ expected: String, file: StaticString = #filePath, line: UInt = #line
    ) throws -> String {
        let outcome = try runLandscape(arguments, in: dir.url)
        XCTAssertFalse(outcome.signalled, "\(arguments) trapped: \(outcome.stderr.suffix(300))", file: file, line: line)
        XCTAssertNotEqual(outcome.status, 0, "\(arguments) succeeded", file: file, line: line)
        XCTAssertEqual(outcome.errorLines.count, 1, "\(arguments): \(outcome.stderr)", file: file, line: line)
        XCTAssertFalse(
            outcome.stderr.contains("NSCocoaErrorDomain") || outcome.stderr.contains("UserInfo"), outcome.stderr,
            file: file, line: line)
        let text = outcome.errorLines.first ?? ""
        XCTAssertTrue(
            text.contains(expected), "\(arguments): expected “\(expected)” in: \(text)", file: file, line: line)
        return text
    }

    func testSpecMistakesNameTheKeyAndTheLine() throws {
        let paper = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("reports/paper/spec.json")
        let full = try String(contentsOf: paper, encoding: .utf8)
        XCTAssertTrue(full.hasPrefix("{"))
        let cases: [(file: String, text: String, expected: String)] = [
            (
                "type.yaml", "name: t\nwidths: [4, x]\n",
                "type.yaml: key widths[1] (line 2): expected an integer, found 'x'"
            ),
            ("typo.yaml", "name: t\nwidht: [4]\n", "line 2: unknown key 'widht'; did you mean 'widths'?"),
            (
                "nested.yaml", "datasets:\n  - name: d\n    path: d.csv\n    lable: first\n",
                "line 4: unknown key 'datasets[0].lable'; did you mean 'label'?"
            ),
            ("twice.yaml", "name: t\nepochs: 2\nepochs: 3\n", "key 'epochs' is given twice"),
            ("tab.yaml", "name: t\n\twidths: [4]\n", "line 2, column 1: not valid YAML"),
            (
                "format.yaml", "datasets:\n  - name: d\n    path: d.bin\n",
                "key datasets[0].path (line 3): cannot tell the format"
            ),
            ("empty-path.yaml", "datasets:\n  - name: d\n    path: \"\"\n", "path is empty"),
            (
                "enum.yaml", "datasets:\n  - name: d\n    path: d.csv\n    normalise: sideways\n",
                "'sideways' is not one of the allowed values (minmax, standard, none)"
            ),
            ("full.json", "{\"widthz\": [4], " + full.dropFirst(), "unknown key 'widthz'"),
        ]
        for c in cases {
            try write(c.file, c.text)
            try refuses(["run", "--spec", c.file], c.expected)
        }
    }

    func testGridsThatCannotRunAreRefused() throws {
        try refuses(["run", "--quick", "--datasets", "mnist,MNIST"], "datasets lists mnist twice")
        try refuses(["run", "--quick", "--datasets", "fashion-mnist,fmnist"], "datasets lists fashion-mnist twice")
        try refuses(["run", "--quick", "--widths", "4,8,4"], "widths lists 4 twice")
        try refuses(["run", "--quick", "--depths", "1,1"], "depths lists 1 twice")
        try write("wide.yaml", "widths: [\((1...5_000).map { String($0 % 4_096 + 1) }.joined(separator: ", "))]\n")
        try refuses(["run", "--spec", "wide.yaml"], "widths lists")
        try write(
            "grid.yaml",
            "widths: [\((1...400).map(String.init).joined(separator: ", "))]\ndepths: [\((0...60).map(String.init).joined(separator: ", "))]\n"
        )
        try refuses(["run", "--spec", "grid.yaml"], "networks, more than 20000")
        try refuses(["run", "--quick", "--name", String(repeating: "😀", count: 70)], "at most 255 bytes")
        try write("dup.yaml", "datasets:\n  - name: d\n    path: a.csv\n  - name: d\n    path: b.csv\n")
        try "1,2,a\n3,4,b\n5,6,a\n".write(to: dir.file("a.csv"), atomically: true, encoding: .utf8)
        try "1,2,a\n3,4,b\n5,6,a\n".write(to: dir.file("b.csv"), atomically: true, encoding: .utf8)
        try refuses(["run", "--spec", "dup.yaml"], "datasets lists d twice")
    }

    func testPathsThatWouldWriteElsewhereAreRefused() throws {
        try refuses(["run", "--quick", "--out", ""], "--out: the path is empty")
        try refuses(["publish", "--site", ""], "--site: the path is empty")
        try refuses(["slurm", "run\nrm -rf ~", "--quick"], "holds a control character")
        try refuses(["slurm", "run", "--quick", "--partition", "p\n#SBATCH --x"], "--partition")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("run").path))
        try refuses(["merge", "absent"], "no such run folder")
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: dir.file("absent").path), "a failed merge creates nothing")
        try write("afile", "x")
        try refuses(["merge", "afile"], "no such run folder")
        try refuses(["run", "--quick", "--out", "afile"], "is a file, not a folder")
        try refuses(["run", "--quick", "--out", "/proc/landscape-test"], "/proc/landscape-test")
        try refuses(["render", ".", "--templates", dir.url.path], "no report.md")
    }

    func testDiffArgumentsThatAreNothing() throws {
        for argument in ["", ":", "::", "-x", "HEAD:", ":paper"] {
            let outcome = try runLandscape(["diff", "--", argument, "HEAD"], in: dir.url)
            XCTAssertFalse(outcome.signalled, "diff \(String(reflecting: argument)) trapped")
            XCTAssertEqual(outcome.status, 2, "diff \(String(reflecting: argument)): \(outcome.stderr)")
            XCTAssertEqual(outcome.errorLines.count, 1, outcome.stderr)
        }
    }

    /// libgd's own warnings get a prefix and a line of their own, never glued to the tool's lines.
    func testLibgdWarningsAreLinesOfTheirOwn() throws {
        // Chunks with a zero CRC: libpng refuses them (through libgd's error method).
        let chunk = { (type: String, body: [UInt8]) -> [UInt8] in
            withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init) + Array(type.utf8) + body + [0, 0, 0, 0]
        }
        let side = withUnsafeBytes(of: UInt32(8).bigEndian, Array.init)
        let png =
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", side + side + [8, 2, 0, 0, 0])
            + chunk("IDAT", Array("garbage!".utf8))
            + chunk("IEND", [])
        for c in ["a", "b"] {
            try FileManager.default.createDirectory(at: dir.file("pics/\(c)"), withIntermediateDirectories: true)
            try Data(png).write(to: dir.file("pics/\(c)/x.png"))
        }
        let outcome = try runLandscape(["data", "inspect", "pics", "--format", "images"], in: dir.url)
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stdout.contains("not a PNG or JPEG libgd can read"), outcome.stdout)
        let lines = outcome.stderr.split(separator: "\n")
        XCTAssertFalse(lines.isEmpty, "libgd said nothing: the test no longer exercises its warnings")
        for line in lines { XCTAssertTrue(line.hasPrefix("libgd: "), "a glued or unprefixed line: \(line)") }
    }

    func testDataThatIsNoFile() throws {
        try refuses(["data", "inspect", "/dev/null", "--format", "csv"], "/dev/null: is not a regular file")
        mkfifo(dir.file("pipe.csv").path, 0o644)
        try refuses(["data", "inspect", "pipe.csv"], "pipe.csv: is not a regular file")
        try refuses(["data", "inspect", "absent.csv"], "absent.csv: cannot read: No such file or directory")
        try "label\nx\ny\nx\n".write(to: dir.file("labels-only.csv"), atomically: true, encoding: .utf8)
        let inspect = try runLandscape(["data", "inspect", "labels-only.csv"], in: dir.url)
        XCTAssertEqual(inspect.status, 1)
        XCTAssertTrue(inspect.stdout.contains("error: features: no feature columns"), inspect.stdout)
    }
}
