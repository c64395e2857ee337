import Foundation
import LandscapeCore
import XCTest

/// The stage clock's bookkeeping: a stage timed within another is taken out of it, so the
/// stages add up to the time spent and nothing is counted twice; the table lists them in
/// pipeline order.
final class StageClockTests: XCTestCase {
    func testANestedStageIsTakenOutOfItsOuterOne() {
        let clock = StageClock()
        let started = monotonicSeconds()
        clock.time(.hessian) {
            usleep(20_000)
            clock.time(.spectrum, within: .hessian) { usleep(30_000) }
        }
        let spent = monotonicSeconds() - started
        let s = clock.seconds
        let hessian = s["Hessian"] ?? 0, spectrum = s["spectrum"] ?? 0
        // Sleeps are lower bounds on the time; the sum is bounded by the wall time around both.
        XCTAssertGreaterThanOrEqual(spectrum, 0.030)
        XCTAssertGreaterThanOrEqual(hessian, 0.020)
        XCTAssertLessThan(hessian, 0.030, "the spectrum's 30 ms are not in the Hessian's")
        XCTAssertLessThanOrEqual(hessian + spectrum, spent)
        XCTAssertEqual(clock.time(.training) { 7 }, 7, "returns the body's value")
    }

    func testTheTableFollowsThePipelineOrder() {
        let table = StageClock.table(["spectrum": 1, "training": 3, "criteria": 0])
        let lines = table.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, "a stage that took no time is left out")
        XCTAssertTrue(lines[0].contains("training") && lines[0].contains("75.0 %"), table)
        XCTAssertTrue(lines[1].contains("spectrum") && lines[1].contains("25.0 %"), table)
    }
}
