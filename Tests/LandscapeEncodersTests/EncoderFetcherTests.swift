import Foundation
import LandscapeData
import LandscapeEncoders
import TestSupport
import XCTest

/// `data fetch vit-b16` against a real HTTP server on 127.0.0.1.
final class EncoderFetcherTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    let small = VisionTransformer.Shape(dimension: 64, layers: 2, inner: 32, imageSize: 32, patch: 16, pooler: false)

    func serving(_ shape: VisionTransformer.Shape) throws -> LocalHTTPServer {
        try VisionTransformer.writeRandom(shape, to: dir.file("served.safetensors"))
        return try LocalHTTPServer(files: [
            "/hub/model.safetensors": try Data(contentsOf: dir.file("served.safetensors"))
        ])
    }

    func fetcher() -> DatasetFetcher {
        DatasetFetcher(catalog: DatasetCatalog(environment: ["XDG_CACHE_HOME": dir.file("cache").path]), log: { _ in })
    }

    /// The file lands where the catalog looks for ViT weights, byte for byte as served.
    func testFetchInstallsWhereTheCatalogLooks() async throws {
        let server = try serving(small)
        defer { server.stop() }
        let installed = try await fetcher().fetchViT(mirror: server.baseURL + "/hub", expected: small)
        let catalog = EncoderCatalog(catalog: DatasetCatalog(environment: ["XDG_CACHE_HOME": dir.file("cache").path]))
        XCTAssertEqual(catalog.locate(.vitB16), installed)
        XCTAssertEqual(try Data(contentsOf: installed), try Data(contentsOf: dir.file("served.safetensors")))
        // Present and of the right shape: a second fetch downloads nothing.
        let requests = server.requests.count
        try await fetcher().fetchViT(mirror: server.baseURL + "/hub", expected: small)
        XCTAssertEqual(server.requests.count, requests)
    }

    /// A file that is not ViT-B/16 is refused with one line naming the URL, and nothing is left.
    func testWrongShapeIsRefusedAndNothingIsInstalled() async throws {
        let server = try serving(small)
        defer { server.stop() }
        do {
            try await fetcher().fetchViT(mirror: server.baseURL + "/hub")
            XCTFail("a 64-d ViT was accepted as ViT-B/16")
        } catch {
            let line = "\(error)"
            XCTAssertTrue(line.hasPrefix(server.baseURL + "/hub/model.safetensors: a ViT of shape 64-d"), line)
            XCTAssertFalse(line.contains("\n"))
        }
        XCTAssertEqual(dir.listing().filter { $0.contains("encoders/") }, [])
    }
}
