/// Conversions that cannot trap: numbers drawn or printed may come from a results.json of any
/// commit (NaN, ±∞, 10³⁰⁸, subnormals), and `Int(Double)` traps on those.
extension Int {
    /// NaN → 0; beyond ±2⁵³ clamped.
    public init(total x: Double) {
        let limit = 9_007_199_254_740_992.0
        self = x.isNaN ? 0 : Int(Swift.max(-limit, Swift.min(limit, x)))
    }
}

extension Int32 {
    /// A pixel coordinate: NaN and anything far off the canvas land at ±1,000,000 (off it).
    public init(pixel x: Double) {
        self = x.isNaN ? -1_000_000 : Int32(Swift.max(-1_000_000, Swift.min(1_000_000, x)))
    }
}

extension Double {
    /// Clamped into [1e-300, 1e300] for logarithmic axes (no log of 0 or of a subnormal).
    public var logSafe: Double { Swift.max(1e-300, Swift.min(1e300, self)) }
    /// Clamped into ±1e300 / 4 for linear axes (no span, padding or tick step overflows).
    public var linearSafe: Double { Swift.max(-2.5e299, Swift.min(2.5e299, self)) }
}

/// Unicode superscripts, for powers of ten in axis labels and in the report's numbers.
public enum Superscript {
    /// "10" followed by the exponent in superscripts, for any exponent: 10⁻⁴, 10⁰, 10³⁰⁸.
    public static func powerOfTen(_ e: Int) -> String {
        let digits: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
            "-": "⁻",
        ]
        return "10" + String(String(e).compactMap { digits[$0] })
    }
}
