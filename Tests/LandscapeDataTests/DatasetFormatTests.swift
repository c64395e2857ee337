import Foundation
import LandscapeCore
import LandscapeData
import TestSupport
import XCTest

/// One parser per file format, behind one reader protocol: the built-in layouts and the declared
/// formats read the same bytes to the same numbers, and the format registry is the list of formats.
final class DatasetFormatTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    /// FashionMNIST's IDX files declared in a spec give the built-in dataset's inputs exactly
    /// (every label occurs, so the declared label order is the built-in one).
    func testDeclaredIDXEqualsTheBuiltInDataset() throws {
        let labels = (0..<20).map { UInt8($0 % 10) }
        let images = DatasetFixtures.pixels(count: 20, size: 784, seed: 5)
        try DatasetFixtures.writeIDX(to: dir.url, images: images, labels: labels)
        let imagesFile = dir.file("train-images-idx3-ubyte.gz"), labelsFile = dir.file("train-labels-idx1-ubyte.gz")
        let builtIn = try Dataset(
            builtIn: IDXReader(images: imagesFile, labels: labelsFile).read(limit: nil), .fashionMNIST)
        let (declared, descriptor) = try DeclaredDataset.load(
            DatasetDeclaration(name: "fm", path: imagesFile.path, format: .idx, labels: labelsFile.path))
        XCTAssertEqual(declared.inputs, builtIn.inputs)
        XCTAssertEqual(declared.labels, builtIn.labels)
        XCTAssertEqual(descriptor.side, 28)
        // The independent answer: torchvision's ToTensor then Normalize(0.5, 0.5), in Float32.
        XCTAssertEqual(builtIn.inputs[7], (Float(images[7]) / 255 - 0.5) / 0.5)
    }

    /// The CSV parser splits LF, CR and CRLF lines, skips blank ones, trims spaces, tabs and one
    /// pair of quotes, and reads numbers as `Double(_:)` does.
    func testCSVTableSplitsAndReadsAsDoubleDoes() throws {
        let text = "a, \"b\" ,c\r\n1,2.5,-3e-2\r\r\n  \n4,\t0x10 ,nan\n7,8,9"
        var rows: [(Int, [String], [Double?])] = []
        CSVTable.forEachRow(Data(text.utf8)) { row in
            rows.append((row.line, (0..<row.count).map(row.text), (0..<row.count).map(row.number)))
            return true
        }
        XCTAssertEqual(
            rows.map(\.0), [1, 2, 5, 6], "line numbers count every line end (CR, CRLF), blank lines skipped")
        XCTAssertEqual(rows[0].1, ["a", "b", "c"])
        XCTAssertEqual(rows[2].1, ["4", "0x10", "nan"])
        for (_, texts, numbers) in rows {
            for (t, n) in zip(texts, numbers) {
                XCTAssertEqual(n.map { $0.isNaN ? "nan" : "\($0)" }, Double(t).map { $0.isNaN ? "nan" : "\($0)" }, t)
            }
        }
        var stopped = 0
        CSVTable.forEachRow(Data(text.utf8)) { _ in
            stopped += 1
            return stopped < 2
        }
        XCTAssertEqual(stopped, 2, "returning false stops the walk")
    }

    /// The registry is the list: names unique, the spec's `format` accepts exactly them, a path's
    /// name is matched by the formats' own rules, and every reader is reached from its name.
    func testTheRegistryIsTheListOfFormats() throws {
        let names = DatasetFormats.all.map { $0.name.rawValue }
        XCTAssertEqual(Set(names).count, names.count)
        XCTAssertEqual(DatasetFormatName.allCases.map(\.rawValue), names)
        XCTAssertEqual(try DatasetDeclaration.inferredFormat("x/digits.csv.gz"), .csv)
        XCTAssertEqual(try DatasetDeclaration.inferredFormat("X.npy"), .npy)
        XCTAssertEqual(try DatasetDeclaration.inferredFormat("t10k-images-idx3-ubyte"), .idx)
        XCTAssertEqual(try DatasetDeclaration.inferredFormat(dir.url.path), .images)
        XCTAssertThrowsError(try DatasetDeclaration.inferredFormat("data.parquet")) { error in
            XCTAssertTrue("\(error)".contains("(csv, npy, idx, images)"), "\(error)")
        }
        let spec = Data(#"{"name": "d", "path": "x.csv", "format": "parquet"}"#.utf8)
        XCTAssertThrowsError(try JSONDecoder().decode(DatasetDeclaration.self, from: spec)) { error in
            XCTAssertTrue("\(error)".contains("no dataset format is called 'parquet'"), "\(error)")
        }
    }
}
