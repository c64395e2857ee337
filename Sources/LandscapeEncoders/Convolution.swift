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
    public static func dense(_ x: [Float], channels cin: Int, height h: Int, width w: Int,
                             weights: [Float], bias: [Float], outChannels cout: Int, kernel k: Int, stride s: Int) -> (out: [Float], height: Int, width: Int) {
        let (oh, top) = samePadding(input: h, kernel: k, stride: s), (ow, left) = samePadding(input: w, kernel: k, stride: s)
        let rows = cin * k * k, cols = oh * ow
        var columns = [Float](repeating: 0, count: rows * cols)
        for c in 0..<cin { for ky in 0..<k { for kx in 0..<k {
            let row = (c * k + ky) * k + kx
            for oy in 0..<oh {
                let iy = oy * s + ky - top
                guard iy >= 0 && iy < h else { continue }
                for ox in 0..<ow {
                    let ix = ox * s + kx - left
                    if ix >= 0 && ix < w { columns[row * cols + oy * ow + ox] = x[(c * h + iy) * w + ix] }
                }
            }
        } } }
        var out = [Float](repeating: 0, count: cout * cols)
        for o in 0..<cout { for j in 0..<cols { out[o * cols + j] = bias[o] } }
        BLAS.gemm(false, false, m: cout, n: cols, k: rows, weights, columns, beta: 1, &out)
        return (out, oh, ow)
    }

    /// 1 × 1 convolution: one sgemm. x: cin × hw; weights: cout × cin → cout × hw.
    public static func pointwise(_ x: [Float], channels cin: Int, pixels hw: Int, weights: [Float], bias: [Float], outChannels cout: Int) -> [Float] {
        var out = [Float](repeating: 0, count: cout * hw)
        for o in 0..<cout { for j in 0..<hw { out[o * hw + j] = bias[o] } }
        BLAS.gemm(false, false, m: cout, n: hw, k: cin, weights, x, beta: 1, &out)
        return out
    }

    /// Depthwise convolution (one k × k filter per channel). x: c × h × w; weights: c × k × k.
    public static func depthwise(_ x: [Float], channels c: Int, height h: Int, width w: Int,
                                 weights: [Float], bias: [Float], kernel k: Int, stride s: Int) -> (out: [Float], height: Int, width: Int) {
        let (oh, top) = samePadding(input: h, kernel: k, stride: s), (ow, left) = samePadding(input: w, kernel: k, stride: s)
        var out = [Float](repeating: 0, count: c * oh * ow)
        x.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                for ch in 0..<c {
                    let src = xp.baseAddress! + ch * h * w, dst = op.baseAddress! + ch * oh * ow
                    for i in 0..<(oh * ow) { dst[i] = bias[ch] }
                    for ky in 0..<k { for kx in 0..<k {
                        let weight = weights[(ch * k + ky) * k + kx]
                        for oy in 0..<oh {
                            let iy = oy * s + ky - top
                            guard iy >= 0 && iy < h else { continue }
                            let row = src + iy * w, outRow = dst + oy * ow
                            // Output columns whose input column lies inside the image.
                            let first = max(0, (left - kx + s - 1) / s), last = min(ow, (w - 1 + left - kx) / s + 1)
                            if first >= last { continue }
                            var ix = first * s + kx - left
                            for ox in first..<last { outRow[ox] += weight * row[ix]; ix += s }
                        }
                    } }
                }
            }
        }
        return (out, oh, ow)
    }

    /// min(max(x, 0), 6), in place.
    public static func relu6(_ x: inout [Float]) {
        for i in x.indices { x[i] = min(max(x[i], 0), 6) }
    }
}
