import LandscapeAnalysis
import XCTest

final class TrendTestTests: XCTestCase {
    func testSpearmanHandComputed() {
        XCTAssertEqual(TrendTest.spearman([1, 2, 3, 4, 5], [10, 20, 30, 40, 50]), 1, accuracy: 1e-15)
        XCTAssertEqual(TrendTest.spearman([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]), -1, accuracy: 1e-15)
        // Ranks (1,3,2,5,4) against (1..5): Σd² = 4, ρ = 1 − 6·4/(5·24) = 0.8.
        XCTAssertEqual(TrendTest.spearman([1, 2, 3, 4, 5], [1, 3, 2, 5, 4]), 0.8, accuracy: 1e-15)
        // Ties share their mean rank: (1, 2.5, 2.5, 4) against (1..4) gives ρ = 0.9487 (= √0.9).
        XCTAssertEqual(TrendTest.spearman([1, 2, 3, 4], [1, 2, 2, 3]), 0.9.squareRoot(), accuracy: 1e-12)
    }

    func testPermutationPValueMatchesTheExactOneForOneSeed() {
        // One seed, 5 points in perfect decreasing order: exactly 1 of 120 orders is as extreme, p = 1/120.
        let t = TrendTest(seeds: [(1...5).map { (x: Double($0), y: Double(-$0)) }], expectRising: false, draws: 60_000)
        XCTAssertEqual(t.pFalling, 1.0 / 120, accuracy: 0.002)
        XCTAssertEqual(t.verdict, .supported)
        // The same data under the opposite claim is contradicted.
        XCTAssertEqual(
            TrendTest(seeds: [(1...5).map { (x: Double($0), y: Double(-$0)) }], expectRising: true).verdict,
            .contradicted)
    }

    func testTooFewPointsIsInconclusive() {
        let t = TrendTest(seeds: [[(x: 1, y: 2), (x: 2, y: 1)]], expectRising: true)
        XCTAssertEqual(t.verdict, .inconclusive)
        XCTAssertTrue(t.correlations.isEmpty)
    }
}
