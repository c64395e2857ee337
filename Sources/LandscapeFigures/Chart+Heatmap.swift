import Foundation

extension Chart {
    /// A grid of labelled cells coloured by value (log₁₀ scale when asked), with a colour bar.
    public struct Heatmap: Sendable {
        public var columns: [String]
        public var rows: [String]
        /// values[row][column]; nil draws an empty (hatched-grey) cell.
        public var values: [[Double?]]
        /// Text in each cell (same shape as `values`).
        public var labels: [[String]]
        /// Colour by log₁₀(value).
        public var logarithmic: Bool
        public init(
            columns: [String], rows: [String], values: [[Double?]], labels: [[String]], logarithmic: Bool = true
        ) {
            self.columns = columns; self.rows = rows; self.values = values; self.labels = labels;
            self.logarithmic = logarithmic
        }
    }

    /// Light to dark blue: readable black text on the light half, white on the dark half.
    static func heatColor(_ f: Double) -> Color {
        let t = max(0, min(1, f))
        let light = (r: 0xE8, g: 0xF1, b: 0xFA), dark = (r: 0x08, g: 0x30, b: 0x6B)
        func mix(_ a: Int, _ b: Int) -> Int { Int((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return Color(mix(light.r, dark.r), mix(light.g, dark.g), mix(light.b, dark.b))
    }

    func heatmapPNG(_ map: Heatmap, density: Int) -> Data {
        let canvas = Canvas(width: width, height: height, density: density)
        let left = 70.0, top = 44.0, right = 96.0, bottom = 52.0
        let w = (width - left - right) / Double(max(1, map.columns.count)),
            h = (height - top - bottom) / Double(max(1, map.rows.count))
        let scaled = map.values.flatMap { $0 }.compactMap { $0 }.filter { !map.logarithmic || $0 > 0 }.map {
            map.logarithmic ? Foundation.log10($0) : $0
        }
        let lo = scaled.min() ?? 0, hi = max(scaled.max() ?? 1, lo + 1e-9)
        for (r, row) in map.values.enumerated() {
            for (c, value) in row.enumerated() {
                let x = left + Double(c) * w, y = top + Double(r) * h
                guard let v = value, !map.logarithmic || v > 0 else {
                    canvas.fillRect(x: x, y: y, width: w, height: h, color: .minorGrid)
                    canvas.text(
                        map.labels[r][c], x: x + w / 2, y: y + h / 2 + 4, size: 10, color: .muted, anchor: .center)
                    continue
                }
                let f = ((map.logarithmic ? Foundation.log10(v) : v) - lo) / (hi - lo)
                canvas.fillRect(x: x, y: y, width: w, height: h, color: Self.heatColor(f))
                canvas.text(
                    map.labels[r][c], x: x + w / 2, y: y + h / 2 + 4, size: 10, color: f > 0.55 ? .white : .black,
                    anchor: .center)
            }
        }
        for (r, label) in map.rows.enumerated() {
            canvas.text(label, x: left - 8, y: top + (Double(r) + 0.5) * h + 4, size: 10, anchor: .right)
        }
        for (c, label) in map.columns.enumerated() {
            canvas.text(
                label, x: left + (Double(c) + 0.5) * w, y: top + Double(map.rows.count) * h + 16, size: 10,
                anchor: .center)
        }
        canvas.strokeRect(
            x: left, y: top, width: w * Double(map.columns.count), height: h * Double(map.rows.count), color: .axis,
            lineWidth: 0.9)
        // Colour bar with its two ends.
        let barX = width - right + 24, barH = h * Double(map.rows.count)
        for j in 0..<50 {
            canvas.fillRect(
                x: barX, y: top + barH * (1 - Double(j + 1) / 50), width: 14, height: barH / 50 + 0.5,
                color: Self.heatColor(Double(j) / 49))
        }
        let format = { (v: Double) in
            map.logarithmic ? String(format: "%.3g", Foundation.pow(10, v)) : String(format: "%.3g", v)
        }
        canvas.text(format(hi), x: barX + 18, y: top + 8, size: 9, anchor: .left)
        canvas.text(format(lo), x: barX + 18, y: top + barH, size: 9, anchor: .left)
        canvas.text(title, x: width / 2, y: 24, size: 13, color: .black, anchor: .center)
        canvas.text(xLabel, x: left + w * Double(map.columns.count) / 2, y: height - 14, size: 11, anchor: .center)
        canvas.text(yLabel, x: 18, y: top + barH / 2, size: 11, anchor: .center, angle: 90)
        return canvas.png()
    }
}
