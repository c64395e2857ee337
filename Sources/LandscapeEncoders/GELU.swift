/// GELU(x) = x·Φ(x) = ½·x·(1 + erf(x/√2)): the exact form ViT uses, not the tanh approximation.
/// Sixteen lanes at a time, since ViT-B/16 applies it to 2.4 million values per image and
/// scalar `erff` was 6% of the encoder's time.
public enum GELU {
    /// x ← GELU(x) for count values.
    public static func apply(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 16 <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
            UnsafeMutableRawPointer(x + i).storeBytes(of: gelu(v), as: SIMD16<Float>.self)
            i += 16
        }
        if i < count {
            var v = SIMD16<Float>(repeating: 0)
            for j in 0..<(count - i) { v[j] = x[i + j] }
            let y = gelu(v)
            for j in 0..<(count - i) { x[i + j] = y[j] }
        }
    }

    @inline(__always)
    public static func gelu(_ x: SIMD16<Float>) -> SIMD16<Float> { 0.5 * x * (1 + erf(x * 0.70710678118654752)) }

    /// erf in single precision: Eigen's (and XLA's) rational approximation, odd degree 13 over
    /// even degree 8, on x clamped to [−4, 4] (beyond which erf rounds to ±1 in Float). Its error
    /// against Double's erf is at most 3.2e-7 (a few Float ulp; the test bounds it).
    @inline(__always)
    public static func erf(_ a: SIMD16<Float>) -> SIMD16<Float> {
        let x = pointwiseMax(pointwiseMin(a, SIMD16(repeating: 4)), SIMD16(repeating: -4))
        let x2 = x * x
        var p: SIMD16<Float> = x2 * -2.72614225801306e-10 + 2.77068142495902e-08
        p = x2 * p + -2.10102402082508e-06
        p = x2 * p + -5.69250639462346e-05
        p = x2 * p + -7.34990630326855e-04
        p = x2 * p + -2.95459980854025e-03
        p = x2 * p + -1.60960333262415e-02
        p = x * p
        var q: SIMD16<Float> = x2 * -1.45660718464996e-05 + -2.13374055278905e-04
        q = x2 * q + -1.68282697438203e-03
        q = x2 * q + -7.37332916720468e-03
        q = x2 * q + -1.42647390514189e-02
        return p / q
    }
}
