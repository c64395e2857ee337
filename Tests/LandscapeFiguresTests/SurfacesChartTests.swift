import CGD
import Foundation
import LandscapeFigures
import XCTest

/// The landscape-surface panels: one colour scale for every panel, the figure scale option, and
/// contour levels at round values.
final class SurfacesChartTests: XCTestCase {
    func testPanelsShareOneColourScaleAndTheScaleOptionMultipliesPixels() throws {
        // Two 3 × 3 panels: the first all 1, the second all 100 (log scale from 1 to 100), so the
        // first panel's centre is the scale's bottom colour and the second's its top.
        var chart = Chart(title: "t", xLabel: "α", yLabel: "β")
        chart.width = 610
        chart.height = 330
        chart.surfaces = .init(
            panels: [
                .init(title: "a", values: Array(repeating: 1, count: 9)),
                .init(title: "b", values: Array(repeating: 100, count: 9)),
            ],
            coordinates: [-1, 0, 1], logarithmic: true, scaleLabel: "ℒ")
        for density in [1, 2, 4] {
            var bytes = [UInt8](chart.png(density: density))
            let image = try XCTUnwrap(gdImageCreateFromPngPtr(Int32(bytes.count), &bytes))
            defer { gdImageDestroy(image) }
            XCTAssertEqual(Int(image.pointee.sx), 610 * density, "pixels per point")
            XCTAssertEqual(Int(image.pointee.sy), 330 * density)
            func pixel(_ x: Double, _ y: Double) -> (Int, Int, Int) {
                let c = gdImageGetTrueColorPixel(image, Int32(x * Double(density)), Int32(y * Double(density)))
                return (Int(c >> 16 & 0xFF), Int(c >> 8 & 0xFF), Int(c & 0xFF))
            }
            // Layout: panels of side min((610 − 56 − 86 − 22)/2, 330 − 54 − 48) = 223 from x = 56, y = 54;
            // a point a third of a cell from each panel's centre avoids the centre cross.
            let side = 223.0, cell = side / 3
            let first = pixel(56 + side / 2 + cell / 3, 54 + side / 2 + cell / 3)
            let second = pixel(56 + side + 22 + side / 2 + cell / 3, 54 + side / 2 + cell / 3)
            XCTAssertEqual(first.0, 68, accuracy: 2); XCTAssertEqual(first.1, 1, accuracy: 2)
            XCTAssertEqual(first.2, 84, accuracy: 2) // viridis' bottom
            XCTAssertEqual(second.0, 253, accuracy: 2); XCTAssertEqual(second.1, 231, accuracy: 2)
            XCTAssertEqual(second.2, 37, accuracy: 2) // viridis' top
        }
    }

    func testContourLevelsAreRoundValuesInsideTheScale() {
        func levels(_ lo: Double, _ hi: Double) -> [Double] {
            Chart.contourLevels(lo: log10(lo), hi: log10(hi), logarithmic: true).map {
                (pow(10, $0) * 1e6).rounded() / 1e6
            }
        }
        XCTAssertEqual(levels(1e-4, 0.17), [0.001, 0.01, 0.1], "decades when three fit")
        XCTAssertEqual(levels(0.05, 9), [0.1, 0.2, 0.5, 1, 2, 5], "1-2-5 when fewer decades fit")
        XCTAssertEqual(levels(2.02, 5), [2.5, 3, 4], "finer steps in a narrow range, ends excluded")
    }
}
