import Foundation
import LandscapeAnalysis
import LandscapeModel
import Numerics
import XCTest

final class BoundTests: XCTestCase {
    let root2 = 2.0.squareRoot()

    /// M_W = 2, M_x = 3, L = 3: 3·√2·9·2⁶ + √2·4·(2⁶ − 1)/(2² − 1) = 1728√2 + 84√2 = 1812√2.
    func testTheoremOneByHand() {
        let b = TheoremOneBound.value(spectralBound: 2, inputBound: 3, linearLayers: 3)
        XCTAssertTrue(b.value.isApproximatelyEqual(to: 1812 * root2, relativeTolerance: 1e-13))
    }

    /// M_W = 1 is the limit form: L·√2·M_x² + √2·L. M_x = 3, L = 4: √2·4·(9 + 1) = 40√2.
    func testTheoremOneLimitAtUnitSpectralNorm() {
        XCTAssertTrue(
            TheoremOneBound.value(spectralBound: 1, inputBound: 3, linearLayers: 4).value
                .isApproximatelyEqual(to: 40 * root2, relativeTolerance: 1e-13))
        // Approaching 1 from either side is continuous.
        for mW in [1 - 1e-9, 1 + 1e-9, 1 + 1e-6] {
            XCTAssertTrue(
                TheoremOneBound.value(spectralBound: mW, inputBound: 3, linearLayers: 4).value
                    .isApproximatelyEqual(to: 40 * root2, relativeTolerance: 1e-4), "\(mW)")
        }
    }

    /// M_W = 0.5 < 1, M_x = 1, L = 2: 2√2/16 + √2·0.25·(1/16 − 1)/(1/4 − 1) = √2/8 + √2·5/16 = 7√2/16.
    func testTheoremOneBelowOne() {
        XCTAssertTrue(
            TheoremOneBound.value(spectralBound: 0.5, inputBound: 1, linearLayers: 2).value
                .isApproximatelyEqual(to: 7 * root2 / 16, relativeTolerance: 1e-13))
    }

    /// M_W = 1e20, L = 12, M_x = 50: 12√2·2500·10⁴⁸⁰ + √2·10⁴⁰·(10⁴⁸⁰ − 1)/(10⁴⁰ − 1)
    /// ≈ (30000√2 + √2)·10⁴⁸⁰: log₁₀ = 480 + log₁₀(30001√2). Double overflows; the log does not.
    func testTheoremOneOverflowSizePowers() {
        let b = TheoremOneBound.value(spectralBound: 1e20, inputBound: 50, linearLayers: 12)
        XCTAssertEqual(b.value, .infinity)
        XCTAssertEqual(b.log10, 480 + Foundation.log10(30_001 * root2), accuracy: 1e-9)
    }

    func testLemmaTwoByHand() {
        // R = 0: 2/(k+1)·M_ℓ = 2/10·2 = 0.4. R = 0.5, H = 100: 0.2·(2 + 100·0.25) = 5.4.
        XCTAssertEqual(
            LemmaTwoBound.value(k: 9, largestLoss: 2, hessianBound: LogValue(100), radius: 0).value, 0.4,
            accuracy: 1e-15)
        XCTAssertEqual(
            LemmaTwoBound.value(k: 9, largestLoss: 2, hessianBound: LogValue(100), radius: 0.5).value, 5.4,
            accuracy: 1e-13)
    }

    /// A net whose weights are set by hand: W1 = diag-like 2×2 with singular values 5 and 3.
    func testMeasuredConstants() throws {
        let arch = MLPArchitecture(inputs: 2, width: 2, hiddenLayers: 0, classes: 2)
        // Layer 1: [[3, 0], [0, −5]] (‖·‖₂ = 5); layer 2: [[1, 1], [1, 1]] (‖·‖₂ = 2).
        let net = MLP<Float>(architecture: arch, parameters: [3, 0, 0, -5, 1, 1, 1, 1])
        let c = try NetworkConstants(network: net, inputBound: 1.5, losses: [0.1, 0.7, 0.3])
        XCTAssertEqual(c.layerSpectralNorms[0], 5, accuracy: 1e-12)
        XCTAssertEqual(c.layerSpectralNorms[1], 2, accuracy: 1e-12)
        XCTAssertEqual(c.spectralBound, 5, accuracy: 1e-12)
        XCTAssertEqual(c.largestWeight, 5)
        XCTAssertEqual(c.largestLoss, 0.7)
        XCTAssertEqual(c.linearLayers, 2)
        // Lemma 1 with h = 2, M = 5: M_W = 10.
        XCTAssertTrue(
            c.lemmaOne(width: 2).value.isApproximatelyEqual(
                to: TheoremOneBound.value(spectralBound: 10, inputBound: 1.5, linearLayers: 2).value,
                relativeTolerance: 1e-14))
    }
}
