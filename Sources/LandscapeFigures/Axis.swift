import Foundation
import LandscapeCore

/// One axis: its scale, its data range, and where its ticks go.
public struct Axis: Sendable {
    public enum Scale: Sendable { case linear, log }
    public let scale: Scale
    public let lower: Double
    public let upper: Double

    /// An axis that covers `values` (non-positive values are ignored on a log axis), padded a
    /// little, and on a log axis widened to whole decades.
    public init(scale: Scale, covering values: [Double]) {
        self.scale = scale
        let usable = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }.map {
            scale == .log ? $0.logSafe : $0.linearSafe
        }
        var lo = usable.min() ?? (scale == .log ? 1e-5 : 0), hi = usable.max() ?? (scale == .log ? 1 : 1)
        switch scale {
        case .log:
            if lo == hi { lo = (lo / 10).logSafe; hi = (hi * 10).logSafe }
            lower = pow(10, floor(log10(lo)))
            upper = pow(10, ceil(log10(hi)))
        case .linear:
            if lo == hi { lo -= 1; hi += 1 }
            if lo == hi { lo -= abs(lo) * 0.1; hi += abs(hi) * 0.1 } // ±1 is below the numbers' precision
            let pad = (hi - lo) * 0.04
            lower = lo - pad
            upper = hi + pad
        }
    }

    /// Bounds that are not finite or not ordered become a unit range (a log one: a decade).
    public init(scale: Scale, lower: Double, upper: Double) {
        self.scale = scale
        var (lo, hi) = scale == .log ? (lower.logSafe, upper.logSafe) : (lower.linearSafe, upper.linearSafe)
        if lower.isNaN || upper.isNaN || !(lo < hi) { (lo, hi) = scale == .log ? (1e-1, 1) : (0, 1) }
        self.lower = lo
        self.upper = hi
    }

    /// Position in [0, 1] along the axis.
    public func fraction(_ v: Double) -> Double {
        switch scale {
        case .linear: return (v - lower) / (upper - lower)
        case .log: return (log10(v) - log10(lower)) / (log10(upper) - log10(lower))
        }
    }

    /// Major ticks with labels: decades on a log axis (thinned to at most ~8), 1-2-5 steps on a linear one.
    public var majorTicks: [(value: Double, label: String)] {
        switch scale {
        case .log:
            let a = Int(total: log10(lower).rounded()), b = Int(total: log10(upper).rounded())
            let step = max(1, Int(total: ceil(Double(b - a) / 8)))
            return stride(from: a, through: b, by: step).map { (pow(10, Double($0)), Self.powerOfTen($0)) }
        case .linear:
            let step = Self.niceStep((upper - lower) / 6)
            let first = ceil(lower / step) * step
            return stride(from: first, through: upper + step * 1e-9, by: step).map { v in
                let value = abs(v) < step * 1e-9 ? 0 : v
                return (value, Self.format(value, step: step))
            }
        }
    }

    /// Minor ticks: 2…9 × each decade on a log axis (only when decades are not thinned).
    public var minorTicks: [Double] {
        guard scale == .log else { return [] }
        let a = Int(total: log10(lower).rounded()), b = Int(total: log10(upper).rounded())
        guard b - a <= 8 else { return [] }
        return (a..<b).flatMap { e in (2...9).map { Double($0) * pow(10, Double(e)) } }
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let e = pow(10, floor(log10(raw)))
        let f = raw / e
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * e
    }

    static func format(_ v: Double, step: Double) -> String {
        let decimals = min(20, max(0, -Int(total: floor(log10(step)))))
        return String(format: "%.\(decimals)f", v).replacingOccurrences(of: "-", with: "−")
    }

    /// "10⁻⁴" with Unicode superscripts; 10⁰ is written 1 and 10¹ as 10.
    public static func powerOfTen(_ e: Int) -> String {
        if e == 0 { return "1" }
        if e == 1 { return "10" }
        return Superscript.powerOfTen(e)
    }
}
