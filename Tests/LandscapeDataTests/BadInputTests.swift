import Foundation
import LandscapeCore
import LandscapeData
import TestSupport
import XCTest

/// Every bad input gives one line that names the file and the problem.
final class BadInputTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    func assertFails(_ expectedProblem: String, file: URL, _ body: () throws -> Void, line: UInt = #line) {
        do {
            try body()
            XCTFail("expected an error containing “\(expectedProblem)”", line: line)
        } catch {
            let text = "\(error)"
            XCTAssertTrue(text.contains(file.path), "error does not name \(file.path): \(text)", line: line)
            XCTAssertTrue(
                text.contains(expectedProblem), "error does not say “\(expectedProblem)”: \(text)", line: line)
            XCTAssertFalse(text.contains("\n"), "error is not one line: \(text)", line: line)
        }
    }

    func writeIDX(images: Data, labels: Data) throws -> (URL, URL) {
        let i = dir.file("train-images-idx3-ubyte"), l = dir.file("train-labels-idx1-ubyte")
        try images.write(to: i); try labels.write(to: l)
        return (i, l)
    }

    func testWrongMagic() throws {
        var images = IDXFile.encode(dimensions: [2, 28, 28], bytes: [UInt8](repeating: 0, count: 2 * 784))
        images[3] = 1
        let (i, l) = try writeIDX(images: images, labels: IDXFile.encode(dimensions: [2], bytes: [1, 2]))
        assertFails("wrong IDX magic number", file: i) {
            _ = try Dataset(builtIn: IDXReader(images: i, labels: l).read(limit: nil), .mnist)
        }
    }

    func testTruncatedImages() throws {
        let images = IDXFile.encode(dimensions: [3, 28, 28], bytes: [UInt8](repeating: 0, count: 2 * 784 + 5))
        let (i, l) = try writeIDX(images: images, labels: IDXFile.encode(dimensions: [3], bytes: [1, 2, 3]))
        assertFails("truncated", file: i) {
            _ = try Dataset(builtIn: IDXReader(images: i, labels: l).read(limit: nil), .mnist)
        }
    }

    func testImageLabelCountMismatch() throws {
        let images = IDXFile.encode(dimensions: [2, 28, 28], bytes: [UInt8](repeating: 0, count: 2 * 784))
        let (i, l) = try writeIDX(images: images, labels: IDXFile.encode(dimensions: [3], bytes: [1, 2, 3]))
        assertFails("holds 2 images but", file: i) {
            _ = try Dataset(builtIn: IDXReader(images: i, labels: l).read(limit: nil), .mnist)
        }
    }

    func testLabelNotBelowClasses() throws {
        let images = IDXFile.encode(dimensions: [2, 28, 28], bytes: [UInt8](repeating: 0, count: 2 * 784))
        let (i, l) = try writeIDX(images: images, labels: IDXFile.encode(dimensions: [2], bytes: [1, 10]))
        assertFails("label 10 of object 1 is not below 10 classes", file: l) {
            _ = try Dataset(builtIn: IDXReader(images: i, labels: l).read(limit: nil), .mnist)
        }
    }

    func testCorruptGzip() throws {
        var gz = Gzip.compress(IDXFile.encode(dimensions: [2, 28, 28], bytes: [UInt8](repeating: 7, count: 2 * 784)))
        for k in 12..<min(40, gz.count - 8) { gz[k] ^= 0x5A }
        let i = dir.file("train-images-idx3-ubyte.gz"), l = dir.file("train-labels-idx1-ubyte.gz")
        try gz.write(to: i)
        try Gzip.compress(IDXFile.encode(dimensions: [2], bytes: [1, 2])).write(to: l)
        assertFails("gzip", file: i) {
            _ = try Dataset(builtIn: IDXReader(images: i, labels: l).read(limit: nil), .mnist)
        }
    }

    func testCSVNonNumericCell() throws {
        let url = dir.file("mnist_train.csv")
        var csv = DatasetFixtures.mnistCSV(images: [UInt8](repeating: 3, count: 784 * 2), labels: [1, 2])
        csv = csv.replacingOccurrences(of: "\n2,3,3", with: "\n2,x,3")
        try csv.write(to: url, atomically: true, encoding: .utf8)
        assertFails("line 3: non-numeric cell 'x' in column 2", file: url) {
            _ = try Dataset(builtIn: CSVReader(url, label: "first", bytes: true).read(limit: nil), .mnist)
        }
    }

    func testCSVWrongWidth() throws {
        let url = dir.file("mnist_train.csv")
        var csv = DatasetFixtures.mnistCSV(images: [UInt8](repeating: 3, count: 784 * 2), labels: [1, 2])
        csv.removeLast(3) // drop the last cell of the last row
        try csv.write(to: url, atomically: true, encoding: .utf8)
        assertFails("line 3: ragged row: 784 cells, expected 785", file: url) {
            _ = try Dataset(builtIn: CSVReader(url, label: "first", bytes: true).read(limit: nil), .mnist)
        }
    }

    func testCIFARSizeNotAMultipleOfRecord() throws {
        let url = dir.file("data_batch_1.bin")
        try Data(count: 3073 * 2 + 100).write(to: url)
        assertFails("is not a multiple of the 3073-byte record", file: url) {
            _ = try Dataset(builtIn: CIFARReader(.cifar10, .folder(dir.url)).read(limit: 2), .cifar10)
        }
    }

    func testMissingDatasetListsPlacesAndFetchCommand() {
        let catalog = DatasetCatalog(
            dataDir: dir.file("nowhere").path,
            environment: ["HOME": dir.url.path, "LANDSCAPE_DATA": "/tmp/also-nowhere"])
        do {
            _ = try catalog.load(DatasetDescriptor.cifar10, count: 10)
            XCTFail("expected missing dataset")
        } catch {
            let text = "\(error)"
            XCTAssertTrue(text.contains(dir.file("nowhere/cifar10").path), text)
            XCTAssertTrue(text.contains("/tmp/also-nowhere/cifar10"), text)
            XCTAssertTrue(text.contains(".cache/landscape/cifar10"), text)
            XCTAssertTrue(text.contains("landscape data fetch cifar10"), text)
        }
    }

    /// --data-dir wins over $LANDSCAPE_DATA, which wins over the cache.
    func testSearchOrder() throws {
        let a = dir.file("a"), b = dir.file("b")
        try DatasetFixtures.writeIDX(
            to: a.appendingPathComponent("fashion-mnist"), images: [UInt8](repeating: 0, count: 784), labels: [3])
        try DatasetFixtures.writeIDX(
            to: b.appendingPathComponent("fashion-mnist"), images: [UInt8](repeating: 0, count: 784), labels: [4])
        let both = DatasetCatalog(dataDir: a.path, environment: ["HOME": dir.url.path, "LANDSCAPE_DATA": b.path])
        XCTAssertEqual(try both.load(.fashionMNIST).labels, [3])
        let envOnly = DatasetCatalog(dataDir: nil, environment: ["HOME": dir.url.path, "LANDSCAPE_DATA": b.path])
        XCTAssertEqual(try envOnly.load(.fashionMNIST).labels, [4])
    }
}
