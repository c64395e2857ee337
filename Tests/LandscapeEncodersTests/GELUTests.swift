import Foundation
import LandscapeEncoders
import XCTest

/// The vectorised GELU against erf in Double.
final class GELUTests: XCTestCase {
    /// erf on a fine grid over [−6, 6] (past the clamp at ±4) against Double's erf. Bound: 4e-7
    /// absolute, about 3.4 ulp of Float at 1 (the approximation's measured worst is 3.2e-7, near
    /// |x| = 3.2); a wrong coefficient or a lost clamp is off by orders of magnitude more.
    func testErfMatchesDoublePrecision() {
        var worst = 0.0
        for start in stride(from: -6000, to: 6000, by: 16) {
            let x = SIMD16<Float>((0..<16).map { Float(start + $0) / 1000 })
            let y = GELU.erf(x)
            for j in 0..<16 { worst = max(worst, abs(Double(y[j]) - Foundation.erf(Double(x[j])))) }
        }
        XCTAssertLessThan(worst, 4e-7)
    }

    /// GELU of a buffer whose length is not a multiple of 16 (so the tail is used), against
    /// ½x(1 + erf(x/√2)) in Double, relative 1e-6 (a few Float ulp, through the product with x).
    func testGELUMatchesDoublePrecisionIncludingTail() {
        let values: [Float] = (0..<37).map { Float($0 - 18) / 3.7 }
        var out = values
        out.withUnsafeMutableBufferPointer { GELU.apply($0.baseAddress!, count: $0.count) }
        for (x, y) in zip(values, out) {
            let expected = 0.5 * Double(x) * (1 + Foundation.erf(Double(x) / 2.0.squareRoot()))
            XCTAssertEqual(Double(y), expected, accuracy: 1e-6 * max(1, abs(expected)), "x = \(x)")
        }
        XCTAssertEqual(out[18], 0) // GELU(0) = 0 exactly
    }
}
