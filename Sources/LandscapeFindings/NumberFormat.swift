import Foundation
import LandscapeCore

/// How the report writes numbers: fixed precision, scientific with Unicode powers of ten.
public enum NumberFormat {
    /// 3.21×10⁻⁵; plain for 0.01 ≤ |x| < 10⁴.
    public static func sci(_ x: Double, digits: Int = 3) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : "∞" }
        if x == 0 { return "0" }
        var e = Int(total: floor(log10(abs(x))))
        // Rounding to `digits` significant digits can carry into the next power (9.9996 → 10.0).
        if abs((abs(x) / pow(10, Double(e)) * pow(10, Double(digits - 1))).rounded()) >= pow(10, Double(digits)) {
            e += 1
        }
        if e >= -2 && e < 4 { return String(format: "%.\(max(0, digits - 1 - e))f", x) }
        let m = x / pow(10, Double(e))
        return String(format: "%.\(digits - 1)f", m) + "×" + powerOfTen(e)
    }

    /// 10^log10 written from its logarithm (for bounds beyond Double's range).
    public static func sci(log10 l: Double, digits: Int = 3) -> String {
        guard l.isFinite else { return l.isNaN ? "NaN" : l > 0 ? "∞" : "0" }
        let e = Int(total: floor(l))
        if e < 300 && e > -300 { return sci(pow(10, l), digits: digits) }
        return String(format: "%.\(digits - 1)f", pow(10, l - Double(e))) + "×" + powerOfTen(e)
    }

    /// 10⁻⁴ (always with the base, unlike an axis label, which writes 10⁰ as 1).
    public static func powerOfTen(_ e: Int) -> String { Superscript.powerOfTen(e) }

    public static func fixed(_ x: Double, _ decimals: Int) -> String {
        x.isFinite ? String(format: "%.\(decimals)f", x) : sci(x)
    }

    /// A short plain number: 0.01, 0.5, 3 (no trailing zeros).
    public static func general(_ x: Double) -> String { String(format: "%g", x) }

    /// A signed two-decimal number for correlations: −0.93, +0.40.
    public static func signed(_ x: Double) -> String { (x >= 0 ? "+" : "−") + String(format: "%.2f", abs(x)) }

    /// A p-value: 0.0004, 0.031, 0.42.
    public static func pValue(_ p: Double) -> String {
        p < 0.0001
            ? "< 0.0001"
            : p < 0.001 ? String(format: "%.4f", p) : p < 0.1 ? String(format: "%.3f", p) : String(format: "%.2f", p)
    }

    /// 10,000
    public static func grouped(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, ch) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 && ch != "-" { out.append(",") }
            out.append(ch)
        }
        return String(out.reversed())
    }

    /// "1.23×10⁻⁵–4.56×10⁻⁵" (or fixed decimals); "—" for no values.
    public static func range(_ values: [Double], digits: Int = 3, fixed: Bool = false) -> String {
        guard let lo = values.min(), let hi = values.max() else { return "—" }
        let f: (Double) -> String = fixed ? { Self.fixed($0, digits - 1) } : { sci($0, digits: digits) }
        return lo == hi ? f(lo) : "\(f(lo))–\(f(hi))"
    }
}
