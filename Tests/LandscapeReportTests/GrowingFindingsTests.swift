import Foundation
import LandscapeAnalysis
import LandscapeExperiment
import LandscapeFindings
import LandscapeReport
import XCTest

/// The growing sample's rates and findings on synthetic records whose curves are exact power
/// laws: the fitted exponents are the laws' own, the intervals the t-interval computed here by
/// hand, and each verdict comes out the way the records were built to make it.
final class GrowingFindingsTests: XCTestCase {
    static let sizes = [100, 200, 500, 1_000, 2_000]
    static let m = 10_000

    /// A view whose every field is `scale`·k^`b` (and the loss q_m + scale·k^b, so that its
    /// distance to the end has exponent b too).
    static func view(k: Int, b: Double, scale: Double) -> GrowingSample.View {
        let v = scale * pow(Double(k), b)
        return GrowingSample.View(
            loss: 1 + v, next: 10, difference: v, differenceLower: v / 2, differenceUpper: 2 * v, gapPart: v,
            spreadPart: v, gradient: v, nextGradient: v, objectGradient: 1, gaussian: v, largestEigenvalue: 5 + v,
            trace: 7 + v)
    }

    /// One record: growing views with exponent `growing`, fixed ones with `fixed`; next-size
    /// losses that put the relative refit gain at `gain(k)`.
    static func record(
        growing: Double, fixed: Double, scale: Double = 1, gain: (Int) -> Double = { _ in 0.01 }
    )
        -> GrowingSample
    {
        let ks = sizes + [m]
        let points = ks.enumerated().map { i, k -> GrowingSample.Point in
            let g = view(k: k, b: growing, scale: k == m ? 0 : scale)
            let next = i + 1 < ks.count ? ks[i + 1] : nil
            // The next point's growing loss is 1 (+ its own power term); the gain is relative to ℒ_{k'}(θ̂ₖ).
            let nextLoss = next.map { 1 + ($0 == m ? 0 : scale * pow(Double($0), growing)) }
            return GrowingSample.Point(
                k: k, epochs: 10, growing: g, fixed: k == m ? nil : view(k: k, b: fixed, scale: scale),
                fullLoss: k == m ? 1 : 1 + scale * pow(Double(k), growing), heldOutLoss: 2, heldOutAccuracy: 0.9,
                parameterDistance: k == m ? 0 : pow(Double(k), -0.3), nextSize: next,
                nextSizeLoss: nextLoss.map { $0 / (1 - gain(k)) })
        }
        return GrowingSample(sigma: 1e-4, objects: m, heldOutObjects: 5_000, points: points, diverged: [])
    }

    func testExponentsOfExactPowerLawsAreTheirOwn() throws {
        let r = Self.record(growing: -0.3, fixed: -1)
        for q in GrowingQuantity.all where q.comparable {
            XCTAssertEqual(try XCTUnwrap(q.exponent(r, .growing)), -0.3, accuracy: 1e-12, q.id)
            XCTAssertEqual(try XCTUnwrap(q.exponent(r, .fixed)), -1, accuracy: 1e-12, q.id)
        }
        // |ℒₘ(θ̂ₖ) − ℒₘ(θ̂ₘ)| = k^(−0.3); the parameter distance is read as a level.
        XCTAssertEqual(try XCTUnwrap(GrowingQuantity.named("full-loss")?.exponent(r, .growing)), -0.3, accuracy: 1e-12)
        XCTAssertEqual(
            try XCTUnwrap(GrowingQuantity.named("parameter-distance")?.exponent(r, .growing)), -0.3, accuracy: 1e-12)
        XCTAssertNil(GrowingQuantity.named("full-loss")?.exponent(r, .fixed), "no fixed counterpart")
        XCTAssertEqual(Set(GrowingQuantity.all.map(\.id)).count, GrowingQuantity.all.count, "ids are unique")
    }

    /// Under a training target only the sizes whose θ̂ₖ reached it are read, in both protocols:
    /// a record whose growing loss 1 + k^(−0.3) is above the target at the two smallest sizes
    /// reads k = 500, 1,000, 2,000 and still fits its own exponents; above it everywhere, nothing.
    func testATargetReadsOnlyTheSizesThatReachedIt() throws {
        let r = Self.record(growing: -0.3, fixed: -1)
        let target = 1 + pow(500.0, -0.3)
        for q in GrowingQuantity.all where q.comparable {
            XCTAssertEqual(q.curve(r, .growing, trainedTo: target).map(\.k), [500, 1_000, 2_000], q.id)
            XCTAssertEqual(q.curve(r, .fixed, trainedTo: target).map(\.k), [500, 1_000, 2_000], q.id)
            XCTAssertEqual(try XCTUnwrap(q.exponent(r, .fixed, trainedTo: target)), -1, accuracy: 1e-12, q.id)
            XCTAssertEqual(try XCTUnwrap(q.exponent(r, .growing, trainedTo: target)), -0.3, accuracy: 1e-12, q.id)
            XCTAssertNil(q.exponent(r, .growing, trainedTo: 1), "no size reached a target of 1: \(q.id)")
        }
        let q = try XCTUnwrap(GrowingQuantity.named("difference"))
        XCTAssertNil(GrowingRates(q, records: [r, r], trainedTo: 1).growing)
        XCTAssertEqual(try XCTUnwrap(GrowingRates(q, records: [r, r], trainedTo: target).growing?.networks), 2)
    }

    /// Exponents −0.2, −0.3, −0.4: mean −0.3, s = 0.1, half-width t₀.₉₇₅(2)·0.1/√3.
    func testTheIntervalIsStudentsOverNetworks() throws {
        let records = [-0.2, -0.3, -0.4].map { Self.record(growing: $0, fixed: -1) }
        let rates = try XCTUnwrap(GrowingRates(try XCTUnwrap(GrowingQuantity.named("difference")), records: records))
        let g = try XCTUnwrap(rates.growing)
        XCTAssertEqual(g.value, -0.3, accuracy: 1e-12)
        // t₀.₉₇₅ at ν = 2 in closed form: (2p − 1)/√(2p(1 − p)) = 4.3027 (tabulated to 4 digits).
        let t = 0.95 / (2 * 0.975 * 0.025).squareRoot()
        XCTAssertEqual(g.upper - g.value, t * 0.1 / 3.0.squareRoot(), accuracy: 1e-4)
        XCTAssertEqual(g.value - g.lower, t * 0.1 / 3.0.squareRoot(), accuracy: 1e-4)
        XCTAssertEqual(g.networks, 3)
        let d = try XCTUnwrap(rates.difference)
        XCTAssertEqual(d.value, 0.7, accuracy: 1e-12)
        // ν = 1 is Cauchy: t₀.₉₇₅ = tan(0.475π); two values 0 and 1 have s/√n = 1/2.
        let two = try XCTUnwrap(GrowingRates.Mean([0, 1]))
        XCTAssertEqual(two.upper - 0.5, Foundation.tan(0.475 * Double.pi) / 2, accuracy: 1e-4)
        XCTAssertEqual(rates.comparison, .differ)
    }

    func testRatesAgreeDifferOrStayUndecided() throws {
        let q = try XCTUnwrap(GrowingQuantity.named("difference"))
        func comparison(_ growing: [Double]) -> GrowingRates.Comparison? {
            GrowingRates(q, records: growing.map { Self.record(growing: $0, fixed: -1) }).comparison
        }
        XCTAssertEqual(comparison([-0.99, -1.01, -1.0, -0.98, -1.02]), .agree)
        XCTAssertEqual(comparison([-0.5, -0.6, -0.4]), .differ)
        XCTAssertEqual(comparison([-0.5, -1.5, -1.0]), .undecided)
        XCTAssertNil(comparison([-0.5]), "one network has no interval")
    }

    /// Results of two variants' figure networks, with the records built by `make`.
    func results(_ make: (Int) -> GrowingSample) throws -> Results {
        let base = try RunStore.readResults(DiffRecordsTests.fixture)
        var i = 0
        let configurations = base.configurations.map { c -> ConfigurationResult in
            var c = c
            if c.isTrained {
                c.growingSample = make(i)
                i += 1
            }
            return c
        }
        return Results(spec: base.spec, datasets: base.datasets, configurations: configurations)
    }

    func testAssumptionOneVerdicts() throws {
        func verdict(_ gain: @escaping (Int) -> Double) throws -> Finding {
            let findings = Findings(results: try results { _ in Self.record(growing: -0.5, fixed: -1, gain: gain) })
                .all()
            return try XCTUnwrap(findings.first { $0.id.hasSuffix("/assumption-one") })
        }
        // Below 10 % from k = 500 on: supported, with k = 500 as its statistic.
        let supported = try verdict { $0 < 500 ? 0.3 : 0.02 }
        XCTAssertEqual(supported.verdict, .supported)
        XCTAssertEqual(supported.statistic?.value, 500)
        XCTAssertEqual(try verdict { _ in 0.4 }.verdict, .contradicted)
        // Below at small k, above at the largest: no size from which it stays below.
        XCTAssertEqual(try verdict { $0 == 2_000 ? 0.3 : 0.05 }.verdict, .contradicted)
        // At the largest size the networks straddle the tolerance: the interval decides nothing.
        let straddling = Findings(
            results: try results { i in Self.record(growing: -0.5, fixed: -1) { $0 == 2_000 && i % 2 == 0 ? 0.3 : 0.05 }
            }
        ).all().first { $0.id.hasSuffix("/assumption-one") }
        XCTAssertEqual(straddling?.verdict, .inconclusive)
    }

    func testRateFindingsFollowTheRecords() throws {
        let differ = Findings(
            results: try results { i in Self.record(growing: -0.4 - 0.01 * Double(i % 3), fixed: -1) }
        )
        .all()
        let rate = try XCTUnwrap(differ.first { $0.id == "run/growing-rate-difference" })
        XCTAssertEqual(rate.kind, .empirical)
        XCTAssertEqual(rate.verdict, .supported)
        XCTAssertEqual(rate.statistic?.value, rate.statistic?.of.map(Double.init))
        let agree = Findings(
            results: try results { i in Self.record(growing: -1 + 0.01 * Double(i % 3 - 1), fixed: -1) }
        )
        .all()
        XCTAssertEqual(agree.first { $0.id == "run/growing-rate-difference" }?.verdict, .contradicted)
        // A growing-only quantity: the full-sample loss's distance to its end falls (b = −0.4…).
        XCTAssertEqual(differ.first { $0.id == "run/growing-rate-full-loss" }?.verdict, .supported)
        // Every quantity has its finding, and none of them lands among a variant's own findings.
        XCTAssertEqual(differ.filter { $0.id.hasPrefix("run/growing-rate-") }.count, GrowingQuantity.all.count)
        XCTAssertEqual(differ.first { $0.id == "run/growing-rate-loss" }?.verdict, .supported)
        // Under a training target ℒₖ(θ̂ₖ) is the target's: the same records give its rate no verdict
        // (every θ̂ₖ's loss 1 + k^(−0.4…) is under a target of 2, so every size is read).
        let base = try results { i in Self.record(growing: -0.4 - 0.01 * Double(i % 3), fixed: -1) }
        var spec = base.spec
        spec.training.target = 2
        let targeted = Findings(
            results: Results(spec: spec, datasets: base.datasets, configurations: base.configurations)
        )
        .all()
        let held = try XCTUnwrap(targeted.first { $0.id == "run/growing-rate-loss" })
        XCTAssertEqual(held.verdict, .inconclusive)
        XCTAssertTrue(held.evidence.contains("held at the target by construction"), held.evidence)
        XCTAssertEqual(targeted.first { $0.id == "run/growing-rate-difference" }?.verdict, .supported)
    }
}
