import CGD
import Foundation
import LandscapeFigures
import XCTest

final class ChartTests: XCTestCase {
    /// Decodes a PNG with libgd and calls `body` with a pixel reader (x, y) → (r, g, b).
    func withDecoded(_ png: Data, _ body: (Int, Int, (Int, Int) -> (Int, Int, Int)) -> Void) throws {
        var bytes = [UInt8](png)
        let image = try XCTUnwrap(gdImageCreateFromPngPtr(Int32(bytes.count), &bytes), "not a PNG")
        defer { gdImageDestroy(image) }
        body(Int(image.pointee.sx), Int(image.pointee.sy)) { x, y in
            let c = gdImageGetTrueColorPixel(image, Int32(x), Int32(y))
            return (Int(c >> 16 & 0xFF), Int(c >> 8 & 0xFF), Int(c & 0xFF))
        }
    }

    func testPNGDecodesAtDoubleDensityWithTheSeriesDrawnInThePlotArea() throws {
        var chart = Chart(title: "ℒₖ₊₁ test", xLabel: "Sample size, k", yLabel: "|ℒₖ₊₁(θ̂) − ℒₖ(θ̂)|")
        chart.yScale = .log
        chart.series = [
            .init(
                label: "h = 16, L = 5", points: (1...100).map { (x: Double($0), y: 1 / Double($0)) },
                color: Color(0, 114, 178))
        ]
        try withDecoded(chart.png()) { w, h, pixel in
            XCTAssertEqual(w, 1280)
            XCTAssertEqual(h, 840)
            // The plot rectangle spans x 72…622, y 40…368 points; look for the series' blue there.
            var blue = 0
            for y in stride(from: 80, to: 736, by: 2) {
                for x in stride(from: 144, to: 1244, by: 2) {
                    let (r, g, b) = pixel(x, y)
                    if b > 150 && r < 80 && g < 150 { blue += 1 }
                }
            }
            XCTAssertGreaterThan(blue, 200)
            XCTAssertEqual(pixel(2, 2).0, 255) // white margin
        }
    }

    func testDashedLinesHaveGapsAndSolidOnesDoNot() throws {
        func coverage(_ style: Chart.Style) throws -> Double {
            var chart = Chart(title: "", xLabel: "", yLabel: "")
            chart.series = [
                .init(
                    label: nil, points: [(x: 0, y: 0.5), (x: 1, y: 0.5)], color: Color(213, 94, 0), style: style,
                    lineWidth: 2)
            ]
            var fraction = 0.0
            try withDecoded(chart.png()) { _, h, pixel in
                // y = 0.5 sits mid-plot: points 40 + 328/2 = 204 → pixel 408.
                let row = 408
                var on = 0, total = 0
                for x in 200..<1200 {
                    total += 1
                    let (r, g, b) = pixel(x, row)
                    if r > 180 && g < 150 && b < 80 { on += 1 }
                }
                fraction = Double(on) / Double(total)
                _ = h
            }
            return fraction
        }
        XCTAssertGreaterThan(try coverage(.solid), 0.95)
        let dashed = try coverage(.dashed)
        XCTAssertGreaterThan(dashed, 0.4)
        XCTAssertLessThan(dashed, 0.8)
    }
}
