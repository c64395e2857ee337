import Foundation

extension Chart {
    /// Square maps side by side on one shared colour scale (viridis, log₁₀ when asked), each with
    /// contour lines at the scale's ticks: the paper's Figure 1 drawn as Li et al. (2018) draw a
    /// loss landscape. One scale for every panel, so a colour means the same value in each.
    public struct Surfaces: Sendable {
        public struct Panel: Sendable {
            public var title: String
            /// values[b·side + a]: row b (β, drawn bottom to top), column a (α, left to right).
            public var values: [Double]
            public init(title: String, values: [Double]) { self.title = title; self.values = values }
        }
        public var panels: [Panel]
        /// The grid's coordinates along both axes (ascending).
        public var coordinates: [Double]
        public var logarithmic: Bool
        /// What the colour bar measures.
        public var scaleLabel: String
        public init(panels: [Panel], coordinates: [Double], logarithmic: Bool, scaleLabel: String) {
            self.panels = panels; self.coordinates = coordinates; self.logarithmic = logarithmic
            self.scaleLabel = scaleLabel
        }
    }

    /// Viridis (matplotlib's perceptually uniform map, readable in grey and for colour-blind readers),
    /// from five of its stops; f ∈ [0, 1].
    static func viridis(_ f: Double) -> Color {
        let stops = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]
        let t = max(0, min(1, f)) * Double(stops.count - 1)
        let i = min(Int(t), stops.count - 2), u = t - Double(i)
        let (a, b) = (stops[i], stops[i + 1])
        func mix(_ x: Int, _ y: Int) -> Int { Int((Double(x) + (Double(y) - Double(x)) * u).rounded()) }
        return Color(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// Contour levels strictly inside (lo, hi), on the colour scale: round values (1, 2, 5 × 10ⁿ,
    /// finer or coarser to give 3–8 of them) on a log scale, the axis's ticks on a linear one.
    public static func contourLevels(lo: Double, hi: Double, logarithmic: Bool) -> [Double] {
        guard logarithmic else {
            return Axis(scale: .linear, covering: [lo, hi]).majorTicks.map(\.value).filter { $0 > lo && $0 < hi }
        }
        let decades = Int(Foundation.floor(lo))...Int(Foundation.ceil(hi))
        func levels(_ mantissas: [Double]) -> [Double] {
            decades.flatMap { e in mantissas.map { Foundation.log10($0) + Double(e) } }.filter { $0 > lo && $0 < hi }
        }
        for mantissas in [[1.0], [1, 2, 5], [1, 1.5, 2, 3, 5, 7]] {
            let l = levels(mantissas)
            if l.count >= 3 {
                return l.count > 8 && mantissas.count == 1
                    ? l.enumerated().filter { $0.offset % 2 == 0 }.map(\.element) : l
            }
        }
        return levels([1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9])
    }

    func surfacesPNG(_ s: Surfaces, density: Int) -> Data {
        let canvas = Canvas(width: width, height: height, density: density)
        let side = s.coordinates.count
        let left = 56.0, top = 54.0, gap = 22.0, bar = 86.0, bottom = 48.0
        let count = Double(max(1, s.panels.count))
        let size = min((width - left - bar - gap * (count - 1)) / count, height - top - bottom)
        let cell = size / Double(max(1, side))
        let scaled = { (v: Double) -> Double? in
            guard v.isFinite else { return nil }
            return s.logarithmic ? (v > 0 ? Foundation.log10(v) : nil) : v
        }
        let all = s.panels.flatMap(\.values).compactMap(scaled)
        let lo = all.min() ?? 0, hi = max(all.max() ?? 1, lo + 1e-12)
        let levels = Self.contourLevels(lo: lo, hi: hi, logarithmic: s.logarithmic)
        for (p, panel) in s.panels.enumerated() {
            let x0 = left + Double(p) * (size + gap), y0 = top
            func value(_ a: Int, _ b: Int) -> Double? { scaled(panel.values[b * side + a]) }
            for b in 0..<side {
                for a in 0..<side {
                    let y = y0 + Double(side - 1 - b) * cell, x = x0 + Double(a) * cell
                    let color = value(a, b).map { Self.viridis(($0 - lo) / (hi - lo)) } ?? .minorGrid
                    canvas.fillRect(x: x, y: y, width: cell + 0.5, height: cell + 0.5, color: color)
                }
            }
            // Contours by marching squares on the cell centres: a segment per crossed cell edge pair.
            for level in levels {
                for b in 0..<(side - 1) {
                    for a in 0..<(side - 1) {
                        guard let v00 = value(a, b), let v10 = value(a + 1, b), let v01 = value(a, b + 1),
                            let v11 = value(a + 1, b + 1)
                        else { continue }
                        var crossings: [(Double, Double)] = []
                        func edge(_ u: Double, _ w: Double, _ point: (Double) -> (Double, Double)) {
                            if (u < level) != (w < level) { crossings.append(point((level - u) / (w - u))) }
                        }
                        let cx = { (a: Double) in x0 + (a + 0.5) * cell },
                            cy = { (b: Double) in
                                y0 + (Double(side) - 0.5 - b) * cell
                            }
                        edge(v00, v10) { t in (cx(Double(a) + t), cy(Double(b))) }
                        edge(v10, v11) { t in (cx(Double(a + 1)), cy(Double(b) + t)) }
                        edge(v01, v11) { t in (cx(Double(a) + t), cy(Double(b + 1))) }
                        edge(v00, v01) { t in (cx(Double(a)), cy(Double(b) + t)) }
                        for j in stride(from: 0, to: crossings.count - 1, by: 2) {
                            canvas.polyline(
                                [crossings[j], crossings[j + 1]], color: .white.withOpacity(0.75), lineWidth: 0.7)
                        }
                    }
                }
            }
            // θ̂ at the centre.
            let mid = (x0 + size / 2, y0 + size / 2)
            canvas.polyline([(mid.0 - 4, mid.1), (mid.0 + 4, mid.1)], color: .white, lineWidth: 1.2)
            canvas.polyline([(mid.0, mid.1 - 4), (mid.0, mid.1 + 4)], color: .white, lineWidth: 1.2)
            canvas.strokeRect(x: x0, y: y0, width: size, height: size, color: .axis, lineWidth: 0.9)
            canvas.text(panel.title, x: x0 + size / 2, y: y0 - 8, size: 11, color: .black, anchor: .center)
            if let first = s.coordinates.first, let last = s.coordinates.last {
                canvas.text(NumberText.short(first), x: x0, y: y0 + size + 14, size: 9, anchor: .center)
                canvas.text(NumberText.short(last), x: x0 + size, y: y0 + size + 14, size: 9, anchor: .center)
                if p == 0 {
                    canvas.text(NumberText.short(first), x: x0 - 4, y: y0 + size, size: 9, anchor: .right)
                    canvas.text(NumberText.short(last), x: x0 - 4, y: y0 + 8, size: 9, anchor: .right)
                }
            }
        }
        // The shared colour bar, its ends and the contour levels.
        let barX = width - bar + 20
        for j in 0..<64 {
            canvas.fillRect(
                x: barX, y: top + size * (1 - Double(j + 1) / 64), width: 14, height: size / 64 + 0.5,
                color: Self.viridis(Double(j) / 63))
        }
        let label = { (v: Double) in s.logarithmic ? NumberText.short(Foundation.pow(10, v)) : NumberText.short(v) }
        let y = { (v: Double) in top + size * (1 - (v - lo) / (hi - lo)) }
        for v in levels {
            canvas.polyline([(barX, y(v)), (barX + 14, y(v))], color: .white, lineWidth: 0.7)
            // A level's label gives way to an end's when they would overlap.
            if abs(y(v) - y(lo)) > 11 && abs(y(v) - y(hi)) > 11 {
                canvas.text(label(v), x: barX + 18, y: y(v) + 3, size: 9, anchor: .left)
            }
        }
        canvas.text(label(hi), x: barX + 18, y: y(hi) + 7, size: 9, anchor: .left)
        canvas.text(label(lo), x: barX + 18, y: y(lo), size: 9, anchor: .left)
        canvas.text(s.scaleLabel, x: barX + 7, y: top - 10, size: 10, anchor: .center)
        canvas.text(title, x: width / 2, y: 20, size: 13, color: .black, anchor: .center)
        let span = count * size + (count - 1) * gap
        canvas.text(xLabel, x: left + span / 2, y: height - 12, size: 11, anchor: .center)
        canvas.text(yLabel, x: 16, y: top + size / 2, size: 11, anchor: .center, angle: 90)
        return canvas.png()
    }
}

/// Short numbers for figure labels: three significant digits, no trailing zeros.
enum NumberText {
    static func short(_ v: Double) -> String {
        if v == 0 { return "0" }
        let text = String(format: "%.3g", v)
        return text.replacingOccurrences(of: "e+0", with: "e").replacingOccurrences(of: "e-0", with: "e-")
    }
}
