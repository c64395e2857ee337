import Foundation

/// Softmax cross-entropy ℓ = −log p_y = logsumexp(z) − z_y, computed stably (max subtracted).
public enum SoftmaxCrossEntropy {
    /// One object's loss from its K logits, in Double whatever the logits' precision. Inlinable:
    /// called per object from other modules, it must be specialised there, not run generically.
    @inlinable @inline(__always)
    public static func loss<T: BLASScalar>(_ z: UnsafePointer<T>, classes k: Int, label y: Int) -> Double {
        var m = Double(z[0])
        for c in 1..<k { m = max(m, Double(z[c])) }
        var s = 0.0
        for c in 0..<k { s += Foundation.exp(Double(z[c]) - m) }
        return m + Foundation.log(s) - Double(z[y])
    }

    /// Mean loss over a batch and its gradient. logits: B×K → dLogits: B×K = (softmax − onehot)/B.
    /// Returns the summed loss and the number of objects whose largest logit is the label.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func forwardBackward<T: BLASScalar>(
        logits z: UnsafePointer<T>, labels: UnsafePointer<Int32>, batch: Int, classes k: Int,
        dLogits d: UnsafeMutablePointer<T>
    ) -> (lossSum: Double, correct: Int) {
        var lossSum = 0.0, correct = 0
        let scale = 1 / T(batch)
        for r in 0..<batch {
            let row = z + r * k, out = d + r * k
            var m = row[0], arg = 0
            for c in 1..<k where row[c] > m { m = row[c]; arg = c }
            var s: T = 0
            for c in 0..<k { let e = T.exp(row[c] - m); out[c] = e; s += e }
            let y = Int(labels[r])
            lossSum += Double(m + T.log(s) - row[y])
            if arg == y { correct += 1 }
            let inv = 1 / s
            for c in 0..<k { out[c] *= inv * scale }
            out[y] -= scale
        }
        return (lossSum, correct)
    }
}
