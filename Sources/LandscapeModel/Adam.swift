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

    /// The elementwise update, eight lanes at a time (it is memory-bound; the scalar loop
    /// cost as much as the whole forward pass on small networks).
    @inline(__always)
    static func step(
        _ theta: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>, _ m: UnsafeMutablePointer<T>,
        _ v: UnsafeMutablePointer<T>,
        count: Int, b1: T, b2: T, eps: T, stepSize: T, rootC2: T
    ) {
        typealias V = SIMD8<T>
        let lanes = V.scalarCount
        var j = 0
        while j + lanes <= count {
            let gj = UnsafeRawPointer(g + j).loadUnaligned(as: V.self)
            var mj = UnsafeRawPointer(m + j).loadUnaligned(as: V.self)
            var vj = UnsafeRawPointer(v + j).loadUnaligned(as: V.self)
            mj += (1 - b1) * (gj - mj) // torch's lerp form
            vj = b2 * vj + (1 - b2) * gj * gj
            let tj =
                UnsafeRawPointer(theta + j).loadUnaligned(as: V.self) - stepSize * mj / (vj.squareRoot() / rootC2 + eps)
            UnsafeMutableRawPointer(m + j).storeBytes(of: mj, as: V.self)
            UnsafeMutableRawPointer(v + j).storeBytes(of: vj, as: V.self)
            UnsafeMutableRawPointer(theta + j).storeBytes(of: tj, as: V.self)
            j += lanes
        }
        while j < count {
            m[j] += (1 - b1) * (g[j] - m[j])
            v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j]
            theta[j] -= stepSize * m[j] / (v[j].squareRoot() / rootC2 + eps)
            j += 1
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
