import Foundation

/// Adam exactly as `torch.optim.Adam` with default flags: bias-corrected moments and ε added to
/// √v̂ (not to √v):  θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
public struct Adam<T: BLASScalar>: Sendable {
    public let settings: AdamSettings
    public private(set) var step = 0
    var m: [T]
    var v: [T]

    public init(parameterCount: Int, settings: AdamSettings = AdamSettings()) {
        self.settings = settings
        m = [T](repeating: 0, count: parameterCount)
        v = [T](repeating: 0, count: parameterCount)
    }

    /// One update of `theta` with gradient `g` (both length P).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public mutating func update(_ theta: UnsafeMutablePointer<T>, gradient g: UnsafePointer<T>) {
        step += 1
        let b1 = T(settings.beta1), b2 = T(settings.beta2), eps = T(settings.epsilon)
        let c1 = 1 - Foundation.pow(settings.beta1, Double(step))
        let c2 = 1 - Foundation.pow(settings.beta2, Double(step))
        let stepSize = T(settings.learningRate / c1)
        let rootC2 = T(c2.squareRoot())
        m.withUnsafeMutableBufferPointer { m in
            v.withUnsafeMutableBufferPointer { v in
                Self.step(
                    theta, g, m.baseAddress!, v.baseAddress!, count: m.count,
                    b1: b1, b2: b2, eps: eps, stepSize: stepSize, rootC2: rootC2)
            }
        }
    }

    /// The elementwise update, a loop LLVM vectorises (vsqrtps, vdivps). It is memory-bound once
    /// vectorised; with libm's square root (what `squareRoot()` calls on Linux) it stayed scalar
    /// and cost a fifth of `bench train`. The IEEE square root and division are correctly
    /// rounded, so the lanes give the scalar loop's bits.
    @inline(__always)
    static func step(
        _ theta: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>, _ m: UnsafeMutablePointer<T>,
        _ v: UnsafeMutablePointer<T>,
        count: Int, b1: T, b2: T, eps: T, stepSize: T, rootC2: T
    ) {
        for j in 0..<count {
            let gj = g[j]
            let mj = m[j] + (1 - b1) * (gj - m[j]) // torch's lerp form
            let vj = b2 * v[j] + (1 - b2) * gj * gj
            m[j] = mj
            v[j] = vj
            theta[j] -= stepSize * mj / (T.ieeeSquareRoot(vj) / rootC2 + eps)
        }
    }
}

/// torch.optim.Adam's defaults.
public struct AdamSettings: Codable, Hashable, Sendable {
    public var learningRate: Double = 1e-3
    public var beta1: Double = 0.9
    public var beta2: Double = 0.999
    public var epsilon: Double = 1e-8
    public init() {}
}
