import LandscapeFigures
import XCTest

final class AxisTests: XCTestCase {
    func testLogAxisCoversWholeDecades() {
        let a = Axis(scale: .log, covering: [3e-5, 0.4, 0, -1]) // non-positive values are ignored
        XCTAssertEqual(a.lower, 1e-5, accuracy: 1e-20)
        XCTAssertEqual(a.upper, 1, accuracy: 1e-12)
        XCTAssertEqual(a.majorTicks.map(\.label), ["10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "1"])
        XCTAssertEqual(a.fraction(1e-3), 0.4, accuracy: 1e-12) // 2 of 5 decades up
        XCTAssertEqual(a.minorTicks.count, 5 * 8)
        XCTAssertEqual(a.minorTicks.first!, 2e-5, accuracy: 1e-20)
        XCTAssertEqual(a.minorTicks.last!, 0.9, accuracy: 1e-12)
    }

    func testLogAxisThinsManyDecades() {
        let a = Axis(scale: .log, covering: [1e4, 1e22])
        XCTAssertLessThanOrEqual(a.majorTicks.count, 10)
        XCTAssertEqual(a.majorTicks.first?.label, "10⁴")
        XCTAssertEqual(a.minorTicks, [])
    }

    func testLinearAxisUsesOneTwoFiveSteps() {
        let a = Axis(scale: .linear, covering: [0, 10_000])
        // Padded 4 % each side: [−400, 10400]; (10800/6 = 1800) rounds up to a step of 2000.
        XCTAssertEqual(a.majorTicks.map(\.value), [0, 2000, 4000, 6000, 8000, 10000])
        XCTAssertEqual(a.majorTicks.map(\.label), ["0", "2000", "4000", "6000", "8000", "10000"])
        let b = Axis(scale: .linear, lower: -1, upper: 1)
        XCTAssertEqual(b.majorTicks.map(\.label), ["−1.0", "−0.5", "0.0", "0.5", "1.0"])
    }
}
