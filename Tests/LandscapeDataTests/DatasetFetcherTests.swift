import Foundation
import LandscapeCore
import LandscapeData
import TestSupport
import XCTest

/// `data fetch` against a real HTTP server on 127.0.0.1 serving fixture files.
final class DatasetFetcherTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    func fixture() -> (images: Data, labels: Data, source: (String) -> DatasetSource) {
        let images = Gzip.compress(
            IDXFile.encode(dimensions: [3, 28, 28], bytes: DatasetFixtures.pixels(count: 3, size: 784, seed: 9)))
        let labels = Gzip.compress(IDXFile.encode(dimensions: [3], bytes: [1, 2, 3]))
        return (
            images, labels,
            { base in
                DatasetSource(
                    baseURL: base,
                    files: [
                        .init(name: "train-images-idx3-ubyte.gz", md5: Checksum.md5(images)),
                        .init(name: "train-labels-idx1-ubyte.gz", md5: Checksum.md5(labels)),
                    ])
            }
        )
    }

    func catalog() -> DatasetCatalog { DatasetCatalog(environment: ["XDG_CACHE_HOME": dir.url.path]) }
    func fetcher() -> DatasetFetcher { DatasetFetcher(catalog: catalog(), log: { _ in }) }

    func testFetchVerifiesAndInstallsIntoTheCache() async throws {
        let f = fixture()
        let server = try LocalHTTPServer(files: [
            "/m/train-images-idx3-ubyte.gz": f.images, "/m/train-labels-idx1-ubyte.gz": f.labels,
        ])
        defer { server.stop() }
        try await fetcher().fetch(.mnist, mirror: server.baseURL + "/m", source: f.source("unused"))
        let loaded = try catalog().load(.mnist)
        XCTAssertEqual(loaded.labels, [1, 2, 3])
        XCTAssertEqual(dir.listing().filter { $0.hasSuffix(".part") }, [])
    }

    func testResumesAPartialDownloadWithARangeRequest() async throws {
        let f = fixture()
        let server = try LocalHTTPServer(files: [
            "/train-images-idx3-ubyte.gz": f.images, "/train-labels-idx1-ubyte.gz": f.labels,
        ])
        defer { server.stop() }
        let folder = dir.file("landscape/mnist")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try f.images.prefix(100).write(to: folder.appendingPathComponent("train-images-idx3-ubyte.gz.part"))
        try await fetcher().fetch(.mnist, mirror: server.baseURL, source: f.source("unused"))
        XCTAssertTrue(
            server.requests.contains { $0.hasPrefix("/train-images-idx3-ubyte.gz") && $0.contains("bytes=100-") },
            "\(server.requests)")
        XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent("train-images-idx3-ubyte.gz")), f.images)
    }

    /// CIFAR arrives as the official .tar.gz; the fetcher unpacks its training files.
    func testCIFARArchiveIsUnpackedIntoTheCache() async throws {
        let images = DatasetFixtures.pixels(count: 5, size: 3072, seed: 21),
            labels = DatasetFixtures.labels(count: 5, classes: 10, seed: 22)
        let members = (1...5).map { b in
            (
                "cifar-10-batches-bin/data_batch_\(b).bin",
                DatasetFixtures.cifarRecords(
                    images: Array(images[((b - 1) * 3072)..<(b * 3072)]), labels: [labels[b - 1]], hundred: false)
            )
        }
        let archive = Gzip.compress(DatasetFixtures.tar(members))
        let server = try LocalHTTPServer(files: ["/cifar-10-binary.tar.gz": archive])
        defer { server.stop() }
        let source = DatasetSource(
            baseURL: "unused", files: [.init(name: "cifar-10-binary.tar.gz", md5: Checksum.md5(archive))])
        try await fetcher().fetch(.cifar10, mirror: server.baseURL, source: source)
        let loaded = try catalog().load(.cifar10)
        XCTAssertEqual(loaded.labels, labels.map(Int32.init))
        XCTAssertEqual(dir.listing().filter { $0.hasSuffix(".tar.gz") }, [])
        XCTAssertTrue(dir.listing().contains("landscape/cifar10/cifar-10-batches-bin/data_batch_5.bin"))
    }

    /// A body of 12 MB arrives in many pieces, each written as it comes (with progress lines),
    /// and is checked before it takes its final name.
    func testLargeBodyIsStreamedIntoPlace() async throws {
        var rng = SeededGenerator(seed: 3)
        let body = Data((0..<12_000_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        let server = try LocalHTTPServer(files: ["/big.bin": body])
        defer { server.stop() }
        let target = dir.file("cache/big.bin")
        var checked = false
        try await fetcher().download(URL(string: server.baseURL + "/big.bin")!, to: target, verified: "ok") { part in
            checked = try Data(contentsOf: part) == body
        }
        XCTAssertTrue(checked)
        XCTAssertEqual(try Data(contentsOf: target), body)
        XCTAssertEqual(dir.listing().filter { $0.hasSuffix(".part") }, [])
    }

    func testChecksumMismatchLeavesNoFile() async throws {
        let f = fixture()
        var bad = f.images; bad[bad.count - 1] ^= 1
        let server = try LocalHTTPServer(files: [
            "/train-images-idx3-ubyte.gz": bad, "/train-labels-idx1-ubyte.gz": f.labels,
        ])
        defer { server.stop() }
        await assertFetchFails("checksum mismatch", mirror: server.baseURL, source: f.source(""))
    }

    func testHTTP404LeavesNoFile() async throws {
        let f = fixture()
        let server = try LocalHTTPServer(files: [:])
        defer { server.stop() }
        await assertFetchFails("HTTP 404", mirror: server.baseURL, source: f.source(""))
    }

    func testConnectionRefused() async throws {
        let f = fixture()
        let server = try LocalHTTPServer(files: [:])
        let base = server.baseURL
        server.stop() // nothing listens on that port any more
        await assertFetchFails("download failed", mirror: base, source: f.source(""))
    }

    func assertFetchFails(_ problem: String, mirror: String, source: DatasetSource, line: UInt = #line) async {
        do {
            try await fetcher().fetch(.mnist, mirror: mirror, source: source)
            XCTFail("expected failure", line: line)
        } catch {
            XCTAssertTrue("\(error)".contains(problem), "\(error)", line: line)
            XCTAssertTrue("\(error)".contains(mirror), "error does not name the URL: \(error)", line: line)
        }
        XCTAssertEqual(dir.listing().filter { $0.hasSuffix(".gz") || $0.hasSuffix(".part") }, [], line: line)
    }
}
