import Foundation

/// A positive number kept as its natural logarithm, because M_W^{2L} overflows Double for deep,
/// wide networks. `value` is +∞ when it does.
public struct LogValue: Codable, Hashable, Sendable, Comparable {
    public let log: Double
    public init(log: Double) { self.log = log }
    public init(_ value: Double) { log = Foundation.log(value) }
    public var value: Double { exp(log) }
    public var log10: Double { log / Foundation.log(10) }
    public static func < (a: Self, b: Self) -> Bool { a.log < b.log }
    public static func + (a: Self, b: Self) -> Self {
        let (hi, lo) = a.log >= b.log ? (a.log, b.log) : (b.log, a.log)
        if hi == -.infinity { return a }
        return LogValue(log: hi + log1p(exp(lo - hi)))
    }
    public static func * (a: Self, b: Self) -> Self { LogValue(log: a.log + b.log) }
}

/// Theorem 1: if ‖W^(p)‖₂ ≤ M_W for every layer and ‖x_i‖₂ ≤ M_x, then for every object
/// ‖H_i(θ)‖₂ ≤ L·√2·M_x²·M_W^{2L} + √2·M_W²·(M_W^{2L} − 1)/(M_W² − 1),
/// the second term being √2·L when M_W = 1. L counts all linear layers (N + 2).
public enum TheoremOneBound {
    public static func value(spectralBound mW: Double, inputBound mX: Double, linearLayers l: Int) -> LogValue {
        let logMW = log(mW), twoL = 2 * Double(l)
        let first = LogValue(log: log(Double(l) * 2.0.squareRoot()) + 2 * log(mX) + twoL * logMW)
        let second = LogValue(log: log(2.0.squareRoot()) + 2 * logMW + logGeometricSum(logRatio: 2 * logMW, terms: l))
        return first + second
    }

    /// log Σ_{j<terms} r^j = log((r^terms − 1)/(r − 1)) for r = e^{logRatio}, stable near r = 1
    /// (where it tends to log(terms), the theorem's √2·L limit) and for huge r.
    static func logGeometricSum(logRatio: Double, terms: Int) -> Double {
        let n = Double(terms)
        if abs(logRatio) < 1e-8 { return log(n) + (n - 1) * logRatio / 2 }
        if logRatio > 0 {
            // (rⁿ − 1)/(r − 1) = r^{n−1}·(1 − r⁻ⁿ)/(1 − r⁻¹)
            return (n - 1) * logRatio + log(-expm1(-n * logRatio)) - log(-expm1(-logRatio))
        }
        return log(-expm1(n * logRatio)) - log(-expm1(logRatio))
    }
}

/// Lemma 1: if every weight satisfies |w_ij| ≤ M and the width is h, then ‖W‖₂ ≤ hM, so
/// Theorem 1 holds with M_W = hM. (For the input layer, h × n with n > h, ‖W‖₂ can exceed
/// hM: `holds` records whether hM really bounds the measured spectral norms.)
public enum LemmaOneBound {
    public static func spectralBound(width h: Int, largestWeight m: Double) -> Double { Double(h) * m }

    public static func value(
        width h: Int, largestWeight m: Double, inputBound mX: Double, linearLayers l: Int
    ) -> LogValue {
        TheoremOneBound.value(spectralBound: spectralBound(width: h, largestWeight: m), inputBound: mX, linearLayers: l)
    }
}

/// Lemma 2: for ‖θ − θ*‖₂ ≤ R and ℓ_i(θ*) ≤ M_ℓ,
/// |L_{k+1}(θ) − L_k(θ)| ≤ 2/(k+1)·(M_ℓ + H_bound·R²); at θ̂ itself (R = 0) it is 2·M_ℓ/(k+1).
public enum LemmaTwoBound {
    public static func value(k: Int, largestLoss mL: Double, hessianBound: LogValue, radius r: Double) -> LogValue {
        let inner = r == 0 ? LogValue(mL) : LogValue(mL) + hessianBound * LogValue(r * r)
        return LogValue(log: log(2 / Double(k + 1))) * inner
    }
}
