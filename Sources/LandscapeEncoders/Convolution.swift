import LandscapeCore

/// Convolutions on one image in C × H × W layout, with TensorFlow's "SAME" padding (the
/// EfficientNet-Lite weights come from TensorFlow): out = ⌈in/stride⌉, and the padding total
/// max((out − 1)·stride + k − in, 0) is split with the extra pixel after.
public enum Convolution {
    public static func samePadding(input: Int, kernel: Int, stride: Int) -> (out: Int, before: Int) {
        let out = (input + stride - 1) / stride
        let total = max((out - 1) * stride + kernel - input, 0)
        return (out, total / 2)
    }

    /// Dense convolution by im2col + sgemm. x: cin × h × w; weights: cout × cin × k × k;
    /// bias: cout → cout × oh × ow.
    public static func dense(
        _ x: [Float], channels cin: Int, height h: Int, width w: Int,
        weights: [Float], bias: [Float], outChannels cout: Int, kernel k: Int, stride s: Int
    ) -> (out: [Float], height: Int, width: Int) {
        let (oh, top) = samePadding(input: h, kernel: k, stride: s),
            (ow, left) = samePadding(input: w, kernel: k, stride: s)
        let rows = cin * k * k, cols = oh * ow
        var columns = [Float](repeating: 0, count: rows * cols)
        x.withUnsafeBufferPointer { xp in
            columns.withUnsafeMutableBufferPointer { cp in
                for kx in 0..<k {
                    // The outputs whose tap kx lands inside the row: 0 ≤ ox·s + kx − left < w.
                    let first = max(0, (left - kx + s - 1) / s), last = w - 1 + left - kx
                    let end = last < 0 ? 0 : min(ow, last / s + 1)
                    guard first < end else { continue }
                    for c in 0..<cin {
                        for ky in 0..<k {
                            let row = cp.baseAddress! + ((c * k + ky) * k + kx) * cols
                            for oy in 0..<oh {
                                let iy = oy * s + ky - top
                                guard iy >= 0 && iy < h else { continue }
                                let src = xp.baseAddress! + (c * h + iy) * w + kx - left, dst = row + oy * ow
                                copyEvery(s, from: src + first * s, count: end - first, to: dst + first)
                            }
                        }
                    }
                }
            }
        }
        var out = biasRows(bias, pixels: cols)
        BLAS.gemm(false, false, m: cout, n: cols, k: rows, weights, columns, beta: 1, &out)
        return (out, oh, ow)
    }

    /// 1 × 1 convolution: one sgemm. x: cin × hw; weights: cout × cin → cout × hw.
    public static func pointwise(
        _ x: [Float], channels cin: Int, pixels hw: Int, weights: [Float], bias: [Float], outChannels cout: Int
    ) -> [Float] {
        var out = biasRows(bias, pixels: hw)
        BLAS.gemm(false, false, m: cout, n: hw, k: cin, weights, x, beta: 1, &out)
        return out
    }

    /// Depthwise convolution (one k × k filter per channel). x: c × h × w; weights: c × k × k.
    /// A stride-s convolution is s² stride-1 ones over the polyphase planes of the zero-padded
    /// input (its pixels at row ≡ py, column ≡ px mod s). On planes pw′ wide, tap (ky, kx) of
    /// output (oy, ox) reads plane (ky mod s, kx mod s) at (oy + ky/s)·pw′ + ox + kx/s, so each
    /// tap is one contiguous loop over oh·pw′ values (the pw′ − ow extra columns per row are
    /// computed and dropped): it vectorises whatever the width, where per-row loops over 7 or 14
    /// outputs did not. Every output still sums its taps in (ky, kx) order, as a direct loop.
    public static func depthwise(
        _ x: [Float], channels c: Int, height h: Int, width w: Int,
        weights: [Float], bias: [Float], kernel k: Int, stride s: Int
    ) -> (out: [Float], height: Int, width: Int) {
        let (oh, top) = samePadding(input: h, kernel: k, stride: s),
            (ow, left) = samePadding(input: w, kernel: k, stride: s)
        let ph = (oh - 1) * s + k, pw = (ow - 1) * s + k // the padded input the taps read
        let planeH = (ph + s - 1) / s, planeW = (pw + s - 1) / s
        let planeSize = planeH * planeW + k // + k: the last taps' loops run k/s past the end
        let span = oh * planeW
        var out = [Float](repeating: 0, count: c * oh * ow)
        var planes = [Float](repeating: 0, count: s * s * planeSize), sums = [Float](repeating: 0, count: span)
        x.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                planes.withUnsafeMutableBufferPointer { pp in
                    sums.withUnsafeMutableBufferPointer { sp in
                        weights.withUnsafeBufferPointer { wp in
                            let plane = pp.baseAddress!, sum = sp.baseAddress!
                            // Tap (ky, kx) reads plane (ky mod s, kx mod s) from (ky/s, kx/s) on.
                            let taps = (0..<(k * k)).map { t in
                                let (ky, kx) = t.quotientAndRemainder(dividingBy: k)
                                return UnsafePointer(
                                    plane + ((ky % s) * s + kx % s) * planeSize + (ky / s) * planeW + kx / s)
                            }
                            // Column phase by column phase (stride > 1): input columns first, first + s, …
                            // land on consecutive entries of plane (·, phase) from `offset` on.
                            let end = min(w, pw - left) // input columns that land in the planes
                            let phases = (0..<s).compactMap { phase -> (first: Int, offset: Int, count: Int)? in
                                let first = ((phase - left) % s + s) % s
                                guard first < end else { return nil }
                                return (first, phase * planeSize + (first + left) / s, (end - first + s - 1) / s)
                            }
                            for ch in 0..<c {
                                let src = xp.baseAddress! + ch * h * w
                                // No re-zeroing: every channel writes the same plane entries (the
                                // geometry's), so the padding keeps the zeros the planes started with.
                                for y in 0..<h where y + top < ph {
                                    let py = y + top
                                    if s == 1 {
                                        (plane + py * planeW + left).update(from: src + y * w, count: min(w, pw - left))
                                    } else {
                                        let rowStart = plane + (py % s) * s * planeSize + (py / s) * planeW
                                        for phase in phases {
                                            copyEvery(
                                                s, from: src + y * w + phase.first, count: phase.count,
                                                to: rowStart + phase.offset)
                                        }
                                    }
                                }
                                let wk = wp.baseAddress! + ch * k * k
                                accumulate(taps, UnsafePointer(wk), bias: bias[ch], span: span, into: sum)
                                let dst = op.baseAddress! + ch * oh * ow
                                for oy in 0..<oh { (dst + oy * ow).update(from: sum + oy * planeW, count: ow) }
                            }
                        }
                    }
                }
            }
        }
        return (out, oh, ow)
    }

    /// dst[t] = from[t·s] for t < count; for s = 2 eight at a time, the even lanes of sixteen.
    @inline(__always)
    static func copyEvery(_ s: Int, from: UnsafePointer<Float>, count: Int, to dst: UnsafeMutablePointer<Float>) {
        var t = 0
        if s == 2 {
            while 2 * t + 16 <= 2 * count - 1 { // the sixteenth lane, from[2t + 15], must be a column too
                let v = UnsafeRawPointer(from + 2 * t).loadUnaligned(as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(dst + t).storeBytes(of: v.evenHalf, as: SIMD8<Float>.self)
                t += 8
            }
        }
        while t < count { dst[t] = from[t &* s]; t += 1 }
    }

    /// sum[i] = bias + Σ_t weights[t]·taps[t][i] for i < span, the taps added in order. Thirty-two
    /// outputs at a time (then eight) stay in registers across all the taps, so each tap costs one load per
    /// output rather than a load and a store of the running sum too (the loop was memory-bound).
    /// The same operations in the same order as the scalar loop: the same bits.
    @inline(__always)
    static func accumulate(
        _ taps: [UnsafePointer<Float>], _ weights: UnsafePointer<Float>, bias: Float, span: Int,
        into sum: UnsafeMutablePointer<Float>
    ) {
        typealias V = SIMD8<Float>
        let count = taps.count
        taps.withUnsafeBufferPointer { taps in
            var i = 0
            while i + 32 <= span {
                var a0 = V(repeating: bias), a1 = a0, a2 = a0, a3 = a0
                for t in 0..<count {
                    let w = V(repeating: weights[t]), x = UnsafeRawPointer(taps[t] + i)
                    a0 += w * x.loadUnaligned(as: V.self)
                    a1 += w * x.loadUnaligned(fromByteOffset: 32, as: V.self)
                    a2 += w * x.loadUnaligned(fromByteOffset: 64, as: V.self)
                    a3 += w * x.loadUnaligned(fromByteOffset: 96, as: V.self)
                }
                let out = UnsafeMutableRawPointer(sum + i)
                out.storeBytes(of: a0, as: V.self)
                out.storeBytes(of: a1, toByteOffset: 32, as: V.self)
                out.storeBytes(of: a2, toByteOffset: 64, as: V.self)
                out.storeBytes(of: a3, toByteOffset: 96, as: V.self)
                i += 32
            }
            while i + 8 <= span { // the rest of a small map's span: 7 × 9 = 63 is 32 + 31
                var a = V(repeating: bias)
                for t in 0..<count {
                    a += V(repeating: weights[t]) * UnsafeRawPointer(taps[t] + i).loadUnaligned(as: V.self)
                }
                UnsafeMutableRawPointer(sum + i).storeBytes(of: a, as: V.self)
                i += 8
            }
            while i < span {
                var a = bias
                for t in 0..<count { a += weights[t] * taps[t][i] }
                sum[i] = a
                i += 1
            }
        }
    }

    /// min(max(x, 0), 6), in place.
    public static func relu6(_ x: inout [Float]) {
        x.withUnsafeMutableBufferPointer { p in
            let q = p.baseAddress!
            for i in 0..<p.count { q[i] = min(max(q[i], 0), 6) }
        }
    }

    /// Fills each of `channels` rows of `pixels` values with its channel's bias (the beta = 1
    /// start of the following sgemm).
    static func biasRows(_ bias: [Float], pixels: Int) -> [Float] {
        var out = [Float](repeating: 0, count: bias.count * pixels)
        out.withUnsafeMutableBufferPointer { p in
            for (o, b) in bias.enumerated() { (p.baseAddress! + o * pixels).update(repeating: b, count: pixels) }
        }
        return out
    }
}
