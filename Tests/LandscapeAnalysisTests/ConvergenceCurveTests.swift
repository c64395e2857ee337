import LandscapeAnalysis
import Numerics
import XCTest

final class ConvergenceCurveTests: XCTestCase {
    func testConstantLossesGiveZeroDifferences() {
        let c = ConvergenceCurve(
            losses: [Double](repeating: 2.302585, count: 50), permutations: 5, emaFactor: 0.99, seed: 1)
        XCTAssertEqual(c.count, 49)
        XCTAssertTrue(c.mean.allSatisfy { $0 == 0 } && c.ema.allSatisfy { $0 == 0 } && c.spread.allSatisfy { $0 == 0 })
    }

    /// Two objects: whatever the order, |L₂ − L₁| = |b − a|/2.
    func testTwoObjects() {
        let c = ConvergenceCurve(losses: [0.25, 1.75], permutations: 7, emaFactor: 0.99, seed: 2)
        XCTAssertEqual(c.mean, [0.75])
        XCTAssertEqual(c.spread, [0])
        XCTAssertEqual(c.ema, [0.75])
    }

    func testEMAOnAKnownSequence() {
        // e₁ = 1, e₂ = 0.5·1 + 0.5·0 = 0.5, e₃ = 0.25 + 0.5·3 = 1.75.
        XCTAssertEqual(emaSmoothed([1, 0, 3], factor: 0.5), [1, 0.5, 1.75])
        XCTAssertEqual(emaSmoothed([], factor: 0.99), [])
    }

    /// Losses (0, 0, 3): over the 6 orders, E|L₂ − L₁| = 4/6 · 1.5 = 1 and
    /// E|L₃ − L₂| = (2·|3 − 0|/3 + 4·|0 − 1.5|/3)/6 = 2/3. With 20,000 permutations the
    /// Monte-Carlo standard error is below 0.006, so 0.025 is a 4σ tolerance.
    func testPermutationAverageConvergesToTheExpectation() {
        let c = ConvergenceCurve(losses: [0, 0, 3], permutations: 20_000, emaFactor: 0.99, seed: 3)
        XCTAssertEqual(c.mean[0], 1.0, accuracy: 0.025)
        XCTAssertEqual(c.mean[1], 2.0 / 3.0, accuracy: 0.025)
        // Spread: d₁ is 0 (1/3) or 1.5 (2/3): std = 1.5·√(2/9) ≈ 0.7071.
        XCTAssertEqual(c.spread[0], 1.5 * (2.0 / 9.0).squareRoot(), accuracy: 0.025)
    }

    func testSameSeedSameCurve() {
        let losses = (0..<100).map { Double($0 % 7) }
        XCTAssertEqual(
            ConvergenceCurve(losses: losses, permutations: 3, emaFactor: 0.9, seed: 4).mean,
            ConvergenceCurve(losses: losses, permutations: 3, emaFactor: 0.9, seed: 4).mean)
    }

    func testSampleIndicesAreLogSpacedIncreasingAndEndAtTheLastK() {
        let s = ConvergenceCurve.sampleIndices(count: 9_999, points: 1000)
        XCTAssertLessThanOrEqual(s.count, 1000)
        XCTAssertEqual(s.first, 0)
        XCTAssertEqual(s.last, 9_998)
        XCTAssertEqual(s, s.sorted())
        XCTAssertEqual(Set(s).count, s.count)
        XCTAssertEqual(ConvergenceCurve.sampleIndices(count: 5), [0, 1, 2, 3, 4])
    }
}
