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
    var logSafe: Double { Swift.max(1e-300, Swift.min(1e300, self)) }
    /// Clamped into ±1e300 / 4 for linear axes (no span, padding or tick step overflows).
    var linearSafe: Double { Swift.max(-2.5e299, Swift.min(2.5e299, self)) }
}
