import Foundation
import LandscapeAnalysis
import LandscapeCore
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
        XCTAssertTrue(t.exact)
        XCTAssertEqual(t.pFalling, 1.0 / 120, accuracy: 1e-12)
        XCTAssertEqual(t.verdict, .supported)
        // The same data under the opposite claim is contradicted.
        XCTAssertEqual(
            TrendTest(seeds: [(1...5).map { (x: Double($0), y: Double(-$0)) }], expectRising: true).verdict,
            .contradicted)
    }

    /// Two seeds (4 and 5 points, with ties): the exact p-values against a brute-force count over
    /// all 24 × 120 joint orders of the y values (to rounding); nine points per seed are beyond the
    /// enumeration and fall back to Monte Carlo.
    func testExactPValuesMatchBruteForceOverEveryJointOrder() {
        let a: [(x: Double, y: Double)] = [(1, 0.3), (2, 0.1), (3, 0.1), (4, 0.5)]
        let b: [(x: Double, y: Double)] = [(1, 2), (2, 1), (3, 4), (4, 3), (5, 0)]
        let t = TrendTest(seeds: [a, b], expectRising: true)
        XCTAssertTrue(t.exact)
        func orders(_ v: [Double]) -> [[Double]] {
            v.count <= 1
                ? [v]
                : v.indices.flatMap { i -> [[Double]] in
                    var rest = v
                    let first = rest.remove(at: i)
                    return orders(rest).map { [first] + $0 }
                }
        }
        let observed = TrendTest.spearman(a.map(\.x), a.map(\.y)) + TrendTest.spearman(b.map(\.x), b.map(\.y))
        var atLeast = 0, atMost = 0, total = 0
        for ya in orders(a.map(\.y)) {
            for yb in orders(b.map(\.y)) {
                let sum = TrendTest.spearman(a.map(\.x), ya) + TrendTest.spearman(b.map(\.x), yb)
                if sum >= observed - 1e-9 { atLeast += 1 }
                if sum <= observed + 1e-9 { atMost += 1 }
                total += 1
            }
        }
        XCTAssertEqual(total, 24 * 120)
        XCTAssertEqual(t.pRising, Double(atLeast) / Double(total), accuracy: 1e-12)
        XCTAssertEqual(t.pFalling, Double(atMost) / Double(total), accuracy: 1e-12)

        var rng = SeededGenerator(seed: 4)
        let nine = (0..<2).map { _ in (1...9).map { (x: Double($0), y: Double($0) + 3 * rng.nextGaussian()) } }
        let monteCarlo = TrendTest(seeds: nine, expectRising: true)
        XCTAssertFalse(monteCarlo.exact)
        XCTAssertTrue(TrendTest(seeds: nine.map { Array($0.prefix(8)) }, expectRising: true).exact)
        XCTAssertGreaterThan(monteCarlo.pRising, 0)
    }

    func testTooFewPointsIsInconclusive() {
        let t = TrendTest(seeds: [[(x: 1, y: 2), (x: 2, y: 1)]], expectRising: true)
        XCTAssertEqual(t.verdict, .inconclusive)
        XCTAssertTrue(t.correlations.isEmpty)
    }

    /// A noiseless log-linear law is recovered exactly (the generating coefficients are the answer).
    func testControlledTrendRecoversALogLinearLaw() throws {
        let x = [4.0, 8, 16, 32, 64, 4, 8, 16, 32, 64], c = [0.9, 0.5, 0.4, 0.2, 0.25, 1.1, 0.6, 0.3, 0.35, 0.1]
        let y = zip(x, c).map { 3 * Foundation.pow($0, -0.4) * Foundation.pow($1, 0.7) }
        let t = try XCTUnwrap(ControlledTrend.fit(x: x, y: y, covariate: c))
        XCTAssertEqual(t.slope, -0.4, accuracy: 1e-10)
        XCTAssertEqual(t.covariateSlope, 0.7, accuracy: 1e-10)
        XCTAssertEqual(t.lower, -0.4, accuracy: 1e-8, "no noise, no spread between resamples")
        XCTAssertEqual(t.points, 10)
    }

    /// A trend made only through the covariate (y depends on c alone, c falls with x) shows in the
    /// unadjusted slope and is gone once c is held fixed; one that also acts directly survives.
    func testATrendThroughTheCovariateIsNotAFinding() throws {
        var rng = SeededGenerator(seed: 7)
        let x = (0..<30).map { Foundation.pow(2, Double(2 + $0 % 5)) }
        let c = x.map { Foundation.pow($0, -0.8) * Foundation.exp(0.6 * rng.nextGaussian()) }
        let onlyCovariate = c.map { $0 * Foundation.exp(0.05 * rng.nextGaussian()) }
        let t = try XCTUnwrap(ControlledTrend.fit(x: x, y: onlyCovariate, covariate: c))
        XCTAssertLessThan(t.unadjustedUpper, 0, "unadjusted, y falls with x")
        XCTAssertEqual(t.verdict(expectRising: false), .inconclusive, "\(t)")
        let direct = zip(x, onlyCovariate).map { Foundation.pow($0, -0.5) * $1 }
        let u = try XCTUnwrap(ControlledTrend.fit(x: x, y: direct, covariate: c))
        XCTAssertEqual(u.verdict(expectRising: false), .supported, "\(u)")
        XCTAssertEqual(u.verdict(expectRising: true), .contradicted)
        XCTAssertEqual(u.slope, -0.5, accuracy: 0.1)
    }

    /// Holm by hand: sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 give 0.02, 0.03, 0.06, 0.04,
    /// made monotone (0.04 → 0.06), returned in the input's order.
    func testHolmByHand() {
        let adjusted = TrendTest.holm([0.01, 0.04, 0.03, 0.005])
        for (a, e) in zip(adjusted, [0.03, 0.06, 0.06, 0.02]) { XCTAssertEqual(a, e, accuracy: 1e-15) }
        XCTAssertEqual(TrendTest.holm([0.6, 0.9]), [1, 1])
        XCTAssertEqual(TrendTest.holm([]), [])
    }
}
