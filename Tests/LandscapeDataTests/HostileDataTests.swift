import Foundation
import LandscapeCore
import LandscapeData
import TestSupport
import XCTest

/// Declared data files as untrusted input: every size from a header is checked arithmetic,
/// bombs are refused before they are held, and line endings or file kinds never silently
/// change what is read (docs/security.md).
final class HostileDataTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    func raw(_ name: String, _ format: DatasetFormatName, labels: String? = nil) throws -> DatasetObjects {
        try DeclaredDataset.objects(
            DatasetDeclaration(
                name: "d", path: dir.file(name).path, format: format, labels: labels.map { dir.file($0).path }))
    }

    func testCRLFReadsAsLF() throws {
        try Data("a,b,label\r\n1,2,x\r\n3,4,y\r\n5,6,x\r\n".utf8).write(to: dir.file("crlf.csv"))
        try Data("a,b,label\n1,2,x\n3,4,y\n5,6,x\n".utf8).write(to: dir.file("lf.csv"))
        let (crlf, lf) = (try raw("crlf.csv", .csv), try raw("lf.csv", .csv))
        XCTAssertEqual(crlf.labels, ["x", "y", "x"])
        XCTAssertEqual(crlf.values, lf.values)
        XCTAssertEqual(crlf.features, 2)
    }

    func testNoFeaturesOrNoObjectsIsAnError() throws {
        try Data("x\ny\nx\n".utf8).write(to: dir.file("labels.csv"))
        XCTAssertTrue(
            try raw("labels.csv", .csv).problems.contains { $0.fatal && $0.message.contains("no feature columns") })
        try NPYFixture.float32([], shape: [3, 0]).write(to: dir.file("X.npy"))
        try NPYFixture.int64([0, 1, 0], shape: [3]).write(to: dir.file("y.npy"))
        XCTAssertTrue(
            try raw("X.npy", .npy).problems.contains { $0.fatal && $0.message.contains("no feature columns") })
        XCTAssertThrowsError(
            try DeclaredDataset.load(DatasetDeclaration(name: "d", path: dir.file("X.npy").path, format: .npy)))
    }

    func testSizesFromHeadersNeverOverflow() throws {
        // .npy: zero objects of 2³² × 2³² features (the product overflows; the object count does not).
        try NPYFixture.file(descr: "<f8", shape: [0, 1 << 32, 1 << 32], bytes: []).write(to: dir.file("X.npy"))
        try NPYFixture.int64([], shape: [0]).write(to: dir.file("y.npy"))
        XCTAssertThrowsError(try raw("X.npy", .npy)) { XCTAssertTrue("\($0)".contains("impossibly large"), "\($0)") }
        // IDX: no dimensions, and dimensions whose product overflows.
        func idx(_ dims: [UInt32]) -> Data {
            Data([0, 0, 8, UInt8(dims.count)] + dims.flatMap { withUnsafeBytes(of: $0.bigEndian, Array.init) })
        }
        try idx([0]).write(to: dir.file("labels"))
        try idx([]).write(to: dir.file("none"))
        XCTAssertThrowsError(try raw("none", .idx, labels: "labels")) {
            XCTAssertTrue("\($0)".contains("0 dimensions"), "\($0)")
        }
        try idx([0, .max, .max, .max]).write(to: dir.file("huge"))
        XCTAssertThrowsError(try raw("huge", .idx, labels: "labels")) {
            XCTAssertTrue("\($0)".contains("impossibly large"), "\($0)")
        }
        XCTAssertThrowsError(try UntrustedFile.checkedProduct([1 << 40, 1 << 40], file: "f", what: "shape"))
        XCTAssertEqual(try UntrustedFile.checkedProduct([3, 4, 5], file: "f", what: "shape"), 60)
    }

    func testDecompressionBombsAreRefusedWhileInflating() throws {
        let bomb = Gzip.compress(Data(count: 4 << 20))
        XCTAssertLessThan(bomb.count, 64 << 10)
        XCTAssertThrowsError(try Gzip.decompress(bomb, cap: 1 << 20, file: "bomb.gz")) {
            XCTAssertTrue("\($0)".contains("inflates to more than"), "\($0)")
        }
        XCTAssertEqual(try Gzip.decompress(bomb, cap: 8 << 20, file: "ok.gz").count, 4 << 20)
    }

    func testPictureBombsAreRefusedFromTheirHeader() throws {
        // A PNG declaring 30000 × 30000 (900 megapixels) in a few hundred bytes.
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let t = Array(type.utf8)
            return withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init) + t + body
                + withUnsafeBytes(of: UInt32(0).bigEndian, Array.init)
        }
        let side = withUnsafeBytes(of: UInt32(30_000).bigEndian, Array.init)
        let png =
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", side + side + [8, 2, 0, 0, 0])
            + chunk("IEND", [])
        XCTAssertEqual(Picture.dimensions(Data(png)).map { [$0.width, $0.height] }, [30_000, 30_000])
        for c in ["a", "b"] {
            try FileManager.default.createDirectory(at: dir.file("pics/\(c)"), withIntermediateDirectories: true)
            try Data(png).write(to: dir.file("pics/\(c)/bomb.png"))
        }
        let r = try raw("pics", .images)
        XCTAssertTrue(
            r.problems.contains { $0.fatal && $0.message.contains("30000 × 30000 pixels, more than maxPixels") },
            "\(r.problems)")
        // A real JPEG's header reads as its size (the shapes fixture writes JPEG stripes).
        try ImageFixtures.writeShapes(to: dir.file("shapes"), perClass: 1, side: 20)
        let jpeg = try FileManager.default.contentsOfDirectory(atPath: dir.file("shapes/stripe").path).first {
            $0.hasSuffix(".jpg")
        }
        let size = Picture.dimensions(try Data(contentsOf: dir.file("shapes/stripe/\(try XCTUnwrap(jpeg))")))
        XCTAssertEqual(size.map { [$0.width, $0.height] }, [20, 20])
    }

    /// What would not fit in memory is refused from the headers and sizes, before decoding.
    func testDataTooLargeToHoldIsRefusedBeforeDecoding() throws {
        try NPYFixture.file(descr: "|u1", shape: [100_000, 100_000], bytes: []).write(to: dir.file("X.npy"))
        try NPYFixture.int64([0], shape: [1]).write(to: dir.file("y.npy"))
        XCTAssertThrowsError(try raw("X.npy", .npy)) {
            XCTAssertTrue("\($0)".contains("reading them needs about"), "\($0)")
        }
        // 400 tiny pictures resized to 1024 × 1024 RGB: about 40 GB once decoded.
        try ImageFixtures.writeShapes(to: dir.file("tiny"), perClass: 1, side: 4)
        let picture = try Data(contentsOf: dir.file("tiny/circle/0.png"))
        for c in ["a", "b"] {
            try FileManager.default.createDirectory(at: dir.file("many/\(c)"), withIntermediateDirectories: true)
            for i in 0..<200 { try picture.write(to: dir.file("many/\(c)/\(i).png")) }
        }
        XCTAssertThrowsError(
            try DeclaredDataset.objects(
                DatasetDeclaration(name: "d", path: dir.file("many").path, format: .images, side: 1024))
        ) {
            XCTAssertTrue("\($0)".contains("400 pictures at side 1024") && "\($0)".contains("lower `side`"), "\($0)")
        }
        XCTAssertThrowsError(try UntrustedFile.checkDecodedSize(values: 1_000, file: "f", available: 1_000))
        XCTAssertNoThrow(try UntrustedFile.checkDecodedSize(values: 1_000, file: "f", available: 1e9))
    }

    func testLinksOutOfAnImageFolderAreRefused() throws {
        try ImageFixtures.writeShapes(to: dir.file("shapes"), perClass: 2, side: 8)
        try ImageFixtures.writeShapes(to: dir.file("elsewhere"), perClass: 1, side: 8)
        let outside = try FileManager.default.contentsOfDirectory(atPath: dir.file("elsewhere/circle").path)[0]
        try FileManager.default.createSymbolicLink(
            at: dir.file("shapes/circle/link.png"), withDestinationURL: dir.file("elsewhere/circle/\(outside)"))
        let r = try raw("shapes", .images)
        XCTAssertTrue(
            r.problems.contains { $0.fatal && $0.message.contains("outside the dataset folder") }, "\(r.problems)")
    }

    func testOnlyRegularFilesAreRead() throws {
        XCTAssertThrowsError(try UntrustedFile.read(URL(fileURLWithPath: "/dev/null"))) {
            XCTAssertTrue("\($0)".contains("not a regular file"))
        }
        mkfifo(dir.file("fifo").path, 0o644)
        XCTAssertThrowsError(try UntrustedFile.read(dir.file("fifo"))) {
            XCTAssertTrue("\($0)".contains("not a regular file"))
        }
        XCTAssertThrowsError(try UntrustedFile.read(dir.url)) { XCTAssertTrue("\($0)".contains("not a regular file")) }
        try Data(count: 10).write(to: dir.file("ten"))
        XCTAssertThrowsError(try UntrustedFile.read(dir.file("ten"), limit: 9)) {
            XCTAssertTrue("\($0)".contains("more than the limit"))
        }
    }
}
