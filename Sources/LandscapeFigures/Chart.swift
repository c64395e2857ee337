import Foundation

/// A line chart: what a figure of the paper needs (log axes, legend, dashes, bands, notes).
public struct Chart: Sendable {
    /// How a series is drawn: a line (solid, dashed, dotted) or a marker at each point (a scatter).
    public enum Style: Sendable { case solid, dashed, dotted, markers }

    public struct Series: Sendable {
        public var label: String?
        public var points: [(x: Double, y: Double)]
        public var color: Color
        public var style: Style
        public var lineWidth: Double
        public init(
            label: String?, points: [(x: Double, y: Double)], color: Color, style: Style = .solid,
            lineWidth: Double = 1.6
        ) {
            self.label = label; self.points = points; self.color = color; self.style = style; self.lineWidth = lineWidth
        }
    }

    /// A shaded region between two curves over the same x values; with a label, it gets a
    /// swatch in the legend.
    public struct Band: Sendable {
        public var x: [Double], lower: [Double], upper: [Double]
        public var color: Color
        public var label: String?
        public init(x: [Double], lower: [Double], upper: [Double], color: Color, label: String? = nil) {
            self.x = x; self.lower = lower; self.upper = upper; self.color = color; self.label = label
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: Axis.Scale = .linear
    public var yScale: Axis.Scale = .linear
    public var series: [Series] = []
    public var bands: [Band] = []
    /// Legend-only entries (e.g. a dead network, which a log axis cannot draw).
    public var legendNotes: [(label: String, color: Color)] = []
    public var width = 640.0, height = 420.0
    /// When set, the chart is a heat map (`Chart+Heatmap.swift`) and `series`/`bands` are unused.
    public var heatmap: Heatmap?
    /// When set, the chart is a row of surface maps (`Chart+Surfaces.swift`).
    public var surfaces: Surfaces?

    public init(title: String, xLabel: String, yLabel: String) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel
    }

    /// The plot rectangle inside the margins (points).
    var plot: (x: Double, y: Double, w: Double, h: Double) { (72, 40, width - 72 - 18, height - 40 - 52) }

    public func axes() -> (x: Axis, y: Axis) {
        let xs = series.flatMap { $0.points.map(\.x) } + bands.flatMap(\.x)
        let ys = series.flatMap { $0.points.map(\.y) } + bands.flatMap { $0.lower + $0.upper }
        return (Axis(scale: xScale, covering: xs), Axis(scale: yScale, covering: ys))
    }

    /// Renders the chart as a PNG at 2 pixels per point.
    public func png(density: Int = 2) -> Data {
        if let heatmap { return heatmapPNG(heatmap, density: density) }
        if let surfaces { return surfacesPNG(surfaces, density: density) }
        let canvas = Canvas(width: width, height: height, density: density)
        let (xa, ya) = axes()
        let p = plot
        func X(_ v: Double) -> Double { p.x + xa.fraction(v) * p.w }
        func Y(_ v: Double) -> Double { p.y + (1 - ya.fraction(v)) * p.h }
        func inRange(_ v: Double, _ a: Axis) -> Bool { v.isFinite && (a.scale == .linear || v > 0) }

        // Grid, minor then major.
        for v in xa.minorTicks { canvas.polyline([(X(v), p.y), (X(v), p.y + p.h)], color: .minorGrid, lineWidth: 0.6) }
        for v in ya.minorTicks { canvas.polyline([(p.x, Y(v)), (p.x + p.w, Y(v))], color: .minorGrid, lineWidth: 0.6) }
        for t in xa.majorTicks {
            canvas.polyline([(X(t.value), p.y), (X(t.value), p.y + p.h)], color: .grid, lineWidth: 0.7)
        }
        for t in ya.majorTicks {
            canvas.polyline([(p.x, Y(t.value)), (p.x + p.w, Y(t.value))], color: .grid, lineWidth: 0.7)
        }

        for band in bands where !band.x.isEmpty {
            var upper: [(Double, Double)] = [], lower: [(Double, Double)] = []
            for i in band.x.indices
            where inRange(band.x[i], xa) && inRange(band.lower[i], ya) && inRange(band.upper[i], ya) {
                upper.append((X(band.x[i]), Y(min(band.upper[i], ya.upper))))
                lower.append((X(band.x[i]), Y(max(band.lower[i], ya.lower))))
            }
            canvas.fillPolygon(upper + lower.reversed(), color: band.color)
        }
        for s in series {
            let pts = s.points.filter { inRange($0.x, xa) && inRange($0.y, ya) }.map { (X($0.x), Y($0.y)) }
            if s.style == .markers {
                for (x, y) in pts { canvas.fillRect(x: x - 2.2, y: y - 2.2, width: 4.4, height: 4.4, color: s.color) }
            } else {
                canvas.polyline(pts, color: s.color, lineWidth: s.lineWidth, dash: Self.dash(s.style))
            }
        }

        // Frame, ticks and tick labels.
        canvas.strokeRect(x: p.x, y: p.y, width: p.w, height: p.h, color: .axis, lineWidth: 0.9)
        for v in xa.minorTicks {
            canvas.polyline([(X(v), p.y + p.h), (X(v), p.y + p.h - 2.5)], color: .axis, lineWidth: 0.6)
        }
        for v in ya.minorTicks { canvas.polyline([(p.x, Y(v)), (p.x + 2.5, Y(v))], color: .axis, lineWidth: 0.6) }
        for t in xa.majorTicks {
            canvas.polyline([(X(t.value), p.y + p.h), (X(t.value), p.y + p.h - 5)], color: .axis, lineWidth: 0.8)
            canvas.text(t.label, x: X(t.value), y: p.y + p.h + 15, size: 10, anchor: .center)
        }
        for t in ya.majorTicks {
            canvas.polyline([(p.x, Y(t.value)), (p.x + 5, Y(t.value))], color: .axis, lineWidth: 0.8)
            canvas.text(t.label, x: p.x - 6, y: Y(t.value) + 3.5, size: 10, anchor: .right)
        }
        canvas.text(title, x: p.x + p.w / 2, y: 24, size: 13, color: .black, anchor: .center)
        canvas.text(xLabel, x: p.x + p.w / 2, y: height - 14, size: 11, anchor: .center)
        canvas.text(yLabel, x: 18, y: p.y + p.h / 2, size: 11, anchor: .center, angle: 90)
        drawLegend(
            canvas,
            plotPoints: series.flatMap { s in
                s.points.filter { inRange($0.x, xa) && inRange($0.y, ya) }.map { (X($0.x), Y($0.y)) }
            })
        return canvas.png()
    }

    static func dash(_ style: Style) -> [Double] {
        switch style {
        case .solid: []
        case .dashed: [6, 3.5]
        case .dotted: [1.5, 2.5]
        case .markers: []
        }
    }

    /// Puts the legend in whichever plot corner covers the fewest drawn points.
    func drawLegend(_ canvas: Canvas, plotPoints: [(Double, Double)]) {
        enum Mark { case line(Style), swatch, note }
        let entries: [(String, Color, Mark)] =
            series.compactMap { s in s.label.map { ($0, s.color, Mark.line(s.style)) } }
            + bands.compactMap { b in b.label.map { ($0, b.color, Mark.swatch) } }
            + legendNotes.map { ($0.label, $0.color, Mark.note) }
        guard !entries.isEmpty else { return }
        let rowHeight = 15.0, size = 9.5
        let w = 34 + (entries.map { canvas.textWidth($0.0, size: size) }.max() ?? 0) + 8
        let h = Double(entries.count) * rowHeight + 8
        let p = plot
        let corners = [
            (p.x + p.w - w - 6, p.y + 6), (p.x + 6, p.y + 6), (p.x + p.w - w - 6, p.y + p.h - h - 6),
            (p.x + 6, p.y + p.h - h - 6),
        ]
        let best = corners.min { a, b in
            plotPoints.filter { $0.0 >= a.0 && $0.0 <= a.0 + w && $0.1 >= a.1 && $0.1 <= a.1 + h }.count
                < plotPoints.filter { $0.0 >= b.0 && $0.0 <= b.0 + w && $0.1 >= b.1 && $0.1 <= b.1 + h }.count
        }!
        canvas.fillRect(x: best.0, y: best.1, width: w, height: h, color: Color.white.withOpacity(0.88))
        canvas.strokeRect(x: best.0, y: best.1, width: w, height: h, color: Color(0xCC, 0xCC, 0xCC), lineWidth: 0.6)
        for (i, entry) in entries.enumerated() {
            let y = best.1 + 4 + Double(i) * rowHeight + rowHeight / 2
            switch entry.2 {
            case .note: canvas.text("∅", x: best.0 + 17, y: y + 3.5, size: size, color: entry.1, anchor: .center)
            case .swatch: canvas.fillRect(x: best.0 + 6, y: y - 4.5, width: 22, height: 9, color: entry.1)
            case .line(.markers): canvas.fillRect(x: best.0 + 14.8, y: y - 2.2, width: 4.4, height: 4.4, color: entry.1)
            case .line(let style):
                canvas.polyline(
                    [(best.0 + 6, y), (best.0 + 28, y)], color: entry.1, lineWidth: 1.8, dash: Self.dash(style))
            }
            canvas.text(entry.0, x: best.0 + 34, y: y + 3.5, size: size, color: .axis)
        }
    }
}
