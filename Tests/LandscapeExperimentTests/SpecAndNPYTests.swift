import Foundation
import LandscapeCore
import LandscapeExperiment
import TestSupport
import XCTest

final class SpecAndNPYTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    func testPaperPresetIsTheProtocol() {
        let s = ExperimentSpec.paper
        XCTAssertEqual(s.widths, [4, 8, 16, 32, 64])
        XCTAssertEqual(s.depths, [1, 3, 5, 7, 10])
        XCTAssertEqual(s.objects, 10_000)
        XCTAssertEqual(s.training.epochs, 10)
        XCTAssertEqual(s.training.batchSize, 64)
        XCTAssertEqual(s.training.adam.learningRate, 1e-3)
        XCTAssertEqual(s.permutations, 100)
        XCTAssertEqual(s.emaFactor, 0.99)
        XCTAssertEqual(s.datasets.count, 4)
    }

    func testYAMLAndJSONSpecFiles() throws {
        try "name: custom\ndatasets: [mnist]\nwidths: [8, 16]\nepochs: 2\n".write(
            to: dir.file("s.yaml"), atomically: true, encoding: .utf8)
        let y = try ExperimentSpec.load(dir.file("s.yaml"))
        XCTAssertEqual(y.name, "custom"); XCTAssertEqual(y.datasets, [.mnist]); XCTAssertEqual(y.widths, [8, 16])
        XCTAssertEqual(y.training.epochs, 2); XCTAssertEqual(y.depths, [1, 3, 5, 7, 10])
        try #"{"depths": [2], "permutations": 7}"#.write(to: dir.file("s.json"), atomically: true, encoding: .utf8)
        let j = try ExperimentSpec.load(dir.file("s.json"))
        XCTAssertEqual(j.depths, [2]); XCTAssertEqual(j.permutations, 7)
    }

    func testBadSpecFilesGiveOneLineNamingTheFile() throws {
        for (name, text, problem) in [
            ("a.yaml", "datasets: [imagenet]", "unknown dataset 'imagenet'"),
            ("b.yaml", "widths: seven", "widths"),
            ("c.yaml", "epochs: 0", "epochs"),
        ] {
            try text.write(to: dir.file(name), atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try ExperimentSpec.load(dir.file(name))) { error in
                XCTAssertTrue("\(error)".contains(dir.file(name).path) && "\(error)".contains(problem), "\(error)")
                XCTAssertFalse("\(error)".contains("\n"))
            }
        }
    }

    /// The format rules of numpy's NEP 1: magic, version 1.0, little-endian header length,
    /// header padded with spaces to a multiple of 64 and ended by a newline, then the data.
    func testNPYFollowsNumpysFormatRules() throws {
        let data = NPY.encode([1.5, -2.0, 3.25] as [Double], shape: [3])
        let bytes = [UInt8](data)
        XCTAssertEqual(Array(bytes[0..<8]), [0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        XCTAssertEqual((10 + headerLength) % 64, 0)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"))
        XCTAssertTrue(header.hasSuffix("\n"))
        XCTAssertEqual(bytes.count, 10 + headerLength + 24)
        let floats = [UInt8](NPY.encode([Float](repeating: 1, count: 6), shape: [2, 3]))
        XCTAssertTrue(String(decoding: floats[10..<80], as: UTF8.self).contains("'descr': '<f4'"))
        XCTAssertTrue(String(decoding: floats[10..<80], as: UTF8.self).contains("'shape': (2, 3)"))
        XCTAssertEqual(try NPY.decodeDoubles(data, file: "x").values, [1.5, -2.0, 3.25])
    }

    /// One header parser for every reader: a version 2.0 file (4-byte header length, what numpy
    /// writes for headers over 64 KiB) reads through the feature cache's decoder and the declared
    /// arrays' alike; an integer dtype only through the latter.
    func testOneNPYHeaderParserReadsVersionTwo() throws {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"
        header += String(repeating: " ", count: (64 - (12 + header.utf8.count + 1) % 64) % 64) + "\n"
        let length = UInt32(header.utf8.count)
        var data = Data([0x93] + Array("NUMPY".utf8) + [2, 0])
        data.append(contentsOf: [0, 8, 16, 24].map { UInt8((length >> $0) & 0xFF) })
        data.append(contentsOf: header.utf8)
        [Float(0.5), -4].withUnsafeBytes { data.append(contentsOf: $0) }
        XCTAssertEqual(try NPY.decodeFloats(data, file: "v2.npy").values, [0.5, -4])
        XCTAssertEqual(try NPY.decodeAny(data, file: "v2.npy").values, [0.5, -4])
        let integer = NPYFixture.int64([3, -7], shape: [2])
        XCTAssertEqual(try NPY.decodeAny(integer, file: "i.npy").values, [3, -7])
        XCTAssertThrowsError(try NPY.decodeFloats(integer, file: "i.npy")) {
            XCTAssertTrue("\($0)".contains("unsupported .npy dtype <i8"), "\($0)")
        }
    }

    /// When numpy is installed, it reads our file back exactly.
    func testNumpyLoadsOurFile() throws {
        let url = dir.file("x.npy")
        try NPY.encode([0.1, 0.2, 1e-300] as [Double], shape: [3]).write(to: url)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", "-c",
            "import numpy, sys; a = numpy.load(sys.argv[1]); assert a.dtype == numpy.float64 and a.shape == (3,) and list(a) == [0.1, 0.2, 1e-300], a; print('ok')",
            url.path,
        ]
        let out = Pipe(); p.standardOutput = out; p.standardError = Pipe()
        try p.run(); p.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if p.terminationStatus != 0 && !text.contains("ok") {
            let check = Process()
            check.executableURL = URL(fileURLWithPath: "/usr/bin/env");
            check.arguments = ["python3", "-c", "import numpy"]
            check.standardError = Pipe()
            try? check.run(); check.waitUntilExit()
            if check.terminationStatus != 0 { throw XCTSkip("numpy is not installed") }
        }
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertEqual(text, "ok\n")
    }
}
