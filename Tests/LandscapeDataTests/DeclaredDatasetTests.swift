import CGD
import Foundation
import LandscapeCore
import LandscapeData
import TestSupport
import XCTest

/// Declared datasets in every format: generated files in the real formats round-trip, and every
/// bad input gets its one-line message naming the file and the line or index.
final class DeclaredDatasetTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    func load(_ d: DatasetDeclaration) throws -> (Dataset, DatasetDescriptor) { try DeclaredDataset.load(d) }

    /// A header, the label named by header, text labels (mapped in sorted order), minmax to [−1, 1].
    func testCSVWithHeaderAndTextLabels() throws {
        let url = dir.file("flowers.csv")
        try "width,kind,height\n1,rose,10\n3,tulip,30\n2,rose,20\n5,daisy,50\n".write(
            to: url, atomically: true, encoding: .utf8)
        let (data, descriptor) = try load(
            DatasetDeclaration(name: "flowers", path: url.path, format: .csv, label: "kind"))
        XCTAssertEqual(descriptor.labelNames, ["daisy", "rose", "tulip"])
        XCTAssertEqual(data.labels, [1, 2, 1, 0])
        XCTAssertEqual(data.features, 2)
        XCTAssertEqual(data.classes, 3)
        // Global min 1, max 50: v ↦ 2(v − 1)/49 − 1.
        XCTAssertEqual(data.inputs[0], -1, accuracy: 1e-6)
        XCTAssertEqual(data.inputs[7], 1, accuracy: 1e-6)
        XCTAssertEqual(data.inputs[1], Float(2 * 9.0 / 49 - 1), accuracy: 1e-6)
        XCTAssertNil(descriptor.side)
    }

    /// Integer labels map numerically (10 after 9), the label may come first, gzip is read, and
    /// `standard` gives each feature mean 0 and s.d. 1.
    func testCSVGzipNumericLabelsAndStandardisation() throws {
        let rows = (0..<12).map { i in "\([2, 10, 9][i % 3]),\(Double(i)),\(Double(i * i))" }.joined(separator: "\n")
        let url = dir.file("numbers.csv.gz")
        try Gzip.compress(Data(rows.utf8)).write(to: url)
        let (data, descriptor) = try load(
            DatasetDeclaration(name: "numbers", path: url.path, format: .csv, label: "first", normalise: .standard))
        XCTAssertEqual(descriptor.labelNames, ["2", "9", "10"])
        XCTAssertEqual(Array(data.labels.prefix(3)), [0, 2, 1])
        for j in 0..<2 {
            let column = (0..<12).map { Double(data.inputs[$0 * 2 + j]) }
            let mean = column.reduce(0, +) / 12
            XCTAssertEqual(mean, 0, accuracy: 1e-6)
            XCTAssertEqual((column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 12).squareRoot(), 1, accuracy: 1e-5)
        }
    }

    /// Each listed bad input: the message names the file, the line and the problem.
    func testCSVBadInputs() throws {
        let cases: [(String, String)] = [
            ("1,2,0\n3,4\n", "line 2: ragged row: 2 cells, expected 3"),
            ("1,2,0\n3,x,1\n", "line 2: non-numeric cell 'x' in column 2"),
            ("1,2,0\n3,nan,1\n", "line 2: nan in column 2"),
            ("1,2,0\n", "has one class"),
        ]
        for (i, (text, message)) in cases.enumerated() {
            let url = dir.file("bad\(i).csv")
            try text.write(to: url, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try load(DatasetDeclaration(name: "bad", path: url.path, format: .csv))) { error in
                XCTAssertTrue("\(error)".contains(url.path) && "\(error)".contains(message), "\(error)")
            }
        }
        // A class with one object is a warning that inspection lists, not an error.
        let url = dir.file("single.csv")
        try "1,0\n2,0\n3,1\n".write(to: url, atomically: true, encoding: .utf8)
        XCTAssertNoThrow(try load(DatasetDeclaration(name: "single", path: url.path, format: .csv)))
        let raw = try DeclaredDataset.objects(DatasetDeclaration(name: "single", path: url.path, format: .csv))
        XCTAssertEqual(raw.problems.map(\.description), ["label '1': a class with one object"])
        XCTAssertThrowsError(try load(DatasetDeclaration(name: "x", path: dir.file("absent.csv").path, format: .csv))) {
            XCTAssertTrue("\($0)".contains("absent.csv"))
        }
    }

    /// An X .npy (float32, count × h × w) and a y .npy (int64); uint8 X reads as pixels.
    func testNPYPair() throws {
        let x = (0..<(6 * 4)).map { Float($0) / 4 }, y: [Int64] = [0, 1, 0, 1, 2, 2]
        try NPYFixture.float32(x, shape: [6, 2, 2]).write(to: dir.file("X.npy"))
        try NPYFixture.int64(y, shape: [6]).write(to: dir.file("y.npy"))
        let (data, descriptor) = try load(
            DatasetDeclaration(name: "arrays", path: dir.file("X.npy").path, format: .npy, normalise: .none))
        XCTAssertEqual(data.inputs, x)
        XCTAssertEqual(data.labels, [0, 1, 0, 1, 2, 2])
        XCTAssertEqual(descriptor.side, 2)
        XCTAssertEqual(descriptor.features, 4)
        try NPYFixture.file(descr: "|u1", shape: [6, 2], bytes: (0..<12).map { UInt8($0 * 20) }).write(
            to: dir.file("bytes.npy"))
        let bytes = try load(DatasetDeclaration(name: "bytes", path: dir.file("bytes.npy").path, format: .npy)).0
        XCTAssertEqual(bytes.inputs[1], Dataset.pixelTable[20])
        try NPYFixture.int64([0, 1, 0], shape: [3]).write(to: dir.file("short.npy"))
        XCTAssertThrowsError(
            try load(
                DatasetDeclaration(
                    name: "a", path: dir.file("X.npy").path, format: .npy, labels: dir.file("short.npy").path))
        ) {
            XCTAssertTrue("\($0)".contains("holds 3 labels for 6 objects"), "\($0)")
        }
        try NPYFixture.file(descr: ">f8", shape: [1], bytes: Array(repeating: 0, count: 8)).write(
            to: dir.file("big.npy"))
        XCTAssertThrowsError(
            try load(
                DatasetDeclaration(
                    name: "a", path: dir.file("big.npy").path, format: .npy, labels: dir.file("y.npy").path))
        ) {
            XCTAssertTrue("\($0)".contains("dtype >f8 is not supported"), "\($0)")
        }
    }

    /// An IDX pair of any image size.
    func testIDXPair() throws {
        let pixels = (0..<(4 * 25)).map { UInt8($0 * 2) }
        try IDXFile.encode(dimensions: [4, 5, 5], bytes: pixels).write(to: dir.file("images-idx3-ubyte"))
        try IDXFile.encode(dimensions: [4], bytes: [3, 1, 3, 1]).write(to: dir.file("labels-idx1-ubyte"))
        let (data, descriptor) = try load(
            DatasetDeclaration(
                name: "tiles", path: dir.file("images-idx3-ubyte").path, format: .idx,
                labels: dir.file("labels-idx1-ubyte").path))
        XCTAssertEqual(descriptor.side, 5)
        XCTAssertEqual(descriptor.labelNames, ["1", "3"])
        XCTAssertEqual(data.labels, [1, 0, 1, 0])
        XCTAssertEqual(data.inputs[30], Dataset.pixelTable[60])
    }

    /// Class subfolders of PNG and JPEG pictures, resized; a file libgd cannot read is named.
    func testImageFolder() throws {
        try ImageFixtures.writeShapes(to: dir.file("shapes"), perClass: 3, side: 20)
        let (data, descriptor) = try load(
            DatasetDeclaration(name: "shapes", path: dir.file("shapes").path, format: .images, side: 8, channels: 3))
        XCTAssertEqual(descriptor.labelNames, ["circle", "square", "stripe"])
        XCTAssertEqual(data.count, 9)
        XCTAssertEqual(data.features, 3 * 8 * 8)
        XCTAssertEqual(descriptor.channels, 3)
        // A red square's middle: R = 255 → 1, G = B = 0 → −1 (channel-major).
        let square = data.labels.firstIndex(of: 1)!, mid = 4 * 8 + 4
        XCTAssertEqual(data.inputs[square * 192 + mid], 1, accuracy: 1e-6)
        XCTAssertEqual(data.inputs[square * 192 + 64 + mid], -1, accuracy: 1e-6)
        try Data("not a picture".utf8).write(to: dir.file("shapes/circle/broken.png"))
        XCTAssertThrowsError(
            try load(DatasetDeclaration(name: "shapes", path: dir.file("shapes").path, format: .images))
        ) {
            XCTAssertTrue("\($0)".contains("circle/broken.png: not a PNG or JPEG"), "\($0)")
        }
    }
}
