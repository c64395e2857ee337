import CGD
import Foundation
import LandscapeCore

/// A libgd truecolor image addressed in points. It draws at `density × supersample` pixels per
/// point and shrinks by `supersample` on export: libgd's own antialiasing only works for 1-px
/// lines, so thick smooth lines come from drawing large and resampling down.
public final class Canvas {
    public let width: Double, height: Double
    public let density: Int
    let supersample = 2
    let image: gdImagePtr
    var scale: Double { Double(density * supersample) }

    public static let fontPath =
        [
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/TTF/DejaVuSans.ttf",
        ].first { FileManager.default.fileExists(atPath: $0) }
        ?? "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

    /// A white canvas of `width × height` points at `density` pixels per point (2 = high-DPI).
    public init(width: Double, height: Double, density: Int = 2) {
        self.width = width
        self.height = height
        self.density = density
        image = gdImageCreateTrueColor(Int32(width * Double(density * 2)), Int32(height * Double(density * 2)))
        gdImageAlphaBlending(image, 1)
        fillRect(x: 0, y: 0, width: width, height: height, color: .white)
    }

    deinit { gdImageDestroy(image) }

    func px(_ v: Double) -> Int32 { Int32(pixel: (v * scale).rounded()) }

    func gdColor(_ c: Color) -> Int32 {
        let alpha = Int32((127 * (1 - max(0, min(1, c.opacity)))).rounded())
        return (alpha << 24) + (Int32(c.r) << 16) + (Int32(c.g) << 8) + Int32(c.b)
    }

    public func fillRect(x: Double, y: Double, width w: Double, height h: Double, color: Color) {
        gdImageFilledRectangle(image, px(x), px(y), px(x + w) - 1, px(y + h) - 1, gdColor(color))
    }

    public func strokeRect(x: Double, y: Double, width w: Double, height h: Double, color: Color, lineWidth: Double = 1)
    {
        polyline([(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)], color: color, lineWidth: lineWidth)
    }

    /// A line through `points`; `dash` gives on/off lengths in points (empty = solid).
    public func polyline(_ points: [(Double, Double)], color: Color, lineWidth: Double = 1, dash: [Double] = []) {
        guard points.count >= 2 else { return }
        gdImageSetThickness(image, max(1, px(lineWidth)))
        let c = gdColor(color)
        if dash.isEmpty {
            for i in 1..<points.count { segment(points[i - 1], points[i], c) }
        } else {
            // Walk the arc length, drawing only the "on" parts of the pattern.
            var patternIndex = 0, left = dash[0], on = true
            for i in 1..<points.count {
                var (ax, ay) = points[i - 1]
                let (bx, by) = points[i]
                var remaining = ((bx - ax) * (bx - ax) + (by - ay) * (by - ay)).squareRoot()
                guard remaining > 0 else { continue }
                let ux = (bx - ax) / remaining, uy = (by - ay) / remaining
                while remaining > 0 {
                    let step = min(left, remaining)
                    let nx = ax + ux * step, ny = ay + uy * step
                    if on { segment((ax, ay), (nx, ny), c) }
                    ax = nx; ay = ny; remaining -= step; left -= step
                    if left <= 1e-9 {
                        patternIndex = (patternIndex + 1) % dash.count
                        left = dash[patternIndex]
                        on.toggle()
                    }
                }
            }
        }
        gdImageSetThickness(image, 1)
    }

    func segment(_ a: (Double, Double), _ b: (Double, Double), _ c: Int32) {
        gdImageLine(image, px(a.0), px(a.1), px(b.0), px(b.1), c)
    }

    /// A filled polygon (shaded bands).
    public func fillPolygon(_ points: [(Double, Double)], color: Color) {
        guard points.count >= 3 else { return }
        var gdPoints = points.map { gdPoint(x: px($0.0), y: px($0.1)) }
        gdImageFilledPolygon(image, &gdPoints, Int32(gdPoints.count), gdColor(color))
    }

    public enum Anchor { case left, center, right }

    /// Draws UTF-8 text with DejaVu Sans; (x, y) is the baseline point at `anchor`.
    /// `angle` in degrees, counter-clockwise. Returns the text's width in points.
    @discardableResult
    public func text(
        _ s: String, x: Double, y: Double, size: Double, color: Color = .axis,
        anchor: Anchor = .left, angle: Double = 0
    ) -> Double {
        let w = textWidth(s, size: size)
        let shift: Double =
            switch anchor {
            case .left: 0
            case .center: w / 2
            case .right: w
            }
        let radians = angle * Double.pi / 180
        let x0 = x - shift * cos(radians), y0 = y + shift * sin(radians)
        var rect = [Int32](repeating: 0, count: 8)
        var font = Array(Self.fontPath.utf8CString)
        var chars = Array(s.utf8CString)
        _ = gdImageStringFT(image, &rect, gdColor(color), &font, size * scale * 0.75, radians, px(x0), px(y0), &chars)
        return w
    }

    /// The advance width of `s` in points.
    public func textWidth(_ s: String, size: Double) -> Double {
        var rect = [Int32](repeating: 0, count: 8)
        var font = Array(Self.fontPath.utf8CString)
        var chars = Array(s.utf8CString)
        _ = gdImageStringFT(nil, &rect, 0, &font, size * scale * 0.75, 0, 0, 0, &chars)
        return Double(rect[2] - rect[0]) / scale
    }

    /// The PNG at `density` pixels per point.
    public func png() -> Data {
        let w = Int32(width * Double(density)), h = Int32(height * Double(density))
        let out = gdImageCreateTrueColor(w, h)!
        defer { gdImageDestroy(out) }
        gdImageCopyResampled(out, image, 0, 0, 0, 0, w, h, gdImageSX(image), gdImageSY(image))
        var size: Int32 = 0
        guard let bytes = gdImagePngPtr(out, &size) else { return Data() }
        defer { gdFree(bytes) }
        return Data(bytes: bytes, count: Int(size))
    }
}

func gdImageSX(_ im: gdImagePtr) -> Int32 { im.pointee.sx }
func gdImageSY(_ im: gdImagePtr) -> Int32 { im.pointee.sy }
