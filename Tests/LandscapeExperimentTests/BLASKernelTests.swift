import Foundation
import LandscapeCore
import LandscapeExperiment
import TestSupport
import XCTest

/// Results are byte-identical across machines only if every machine rounds sgemm the same way:
/// the executable pins OpenBLAS's kernel family (unless the user chose one) and records it.
final class BLASKernelTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    func kernel(environment: [String: String]) throws -> String? {
        try TinyGrid.writeFashionMNIST(to: dir.file("data"), count: 100)
        let out = dir.file("run-\(environment.count)")
        let outcome = try runLandscape(
            [
                "run", "--quick", "--datasets", "fashion-mnist", "--widths", "4", "--depths", "1", "--seeds", "0",
                "--objects", "100", "--epochs", "1", "--permutations", "2", "--no-hessian", "--criteria", "none",
                "--data-dir", dir.file("data").path, "--out", out.path,
            ], in: dir.url, environment: environment)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return try RunStore.decoder.decode(
            Provenance.self, from: Data(contentsOf: out.appendingPathComponent("provenance.json"))
        ).blasKernel
    }

    /// The suite's byte-level checks (a point of the growing sample unchanged when a size is added,
    /// results equal across runs) assume the kernel the executable pins: on an AVX-512 machine the
    /// kernel OpenBLAS picks gave last-bit differences between two calls on equal inputs. `make
    /// test` sets OPENBLAS_CORETYPE for the test process, which cannot re-execute itself.
    func testTheTestsRunUnderThePinnedKernel() {
        #if arch(x86_64) && os(Linux)
        XCTAssertEqual(
            BLAS.kernel, BLAS.reproducibleKernel,
            "run the tests with `make test` (or OPENBLAS_CORETYPE=\(BLAS.reproducibleKernel) swift test)")
        #endif
    }

    func testTheExecutablePinsTheKernelAndRecordsIt() throws {
        #if arch(x86_64) && os(Linux)
        XCTAssertEqual(try kernel(environment: [:]), "Haswell")
        XCTAssertEqual(
            try kernel(environment: ["OPENBLAS_CORETYPE": "Sandybridge"]), "Sandybridge",
            "a kernel the user chose is kept")
        #else
        throw XCTSkip("OpenBLAS kernels are pinned on x86-64 Linux only")
        #endif
    }
}
