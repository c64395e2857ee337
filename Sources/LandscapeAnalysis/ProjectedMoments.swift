import Foundation
import LandscapeCore
import LandscapeModel

/// The running moments of every object's projection (ℓ_i, g_i = Uᵀ∇ℓ_i, B_i = UᵀH_iU) that the
/// Gaussian-moment criteria read (`GaussianMoments`), kept in O(P²) memory whatever the number
/// of objects: Welford's running means and sums of squared deviations for each entry of g_i and
/// B_i, and the co-moment matrix of (ℓ_i, B_i[1][1], …, B_i[P][P]) for the traces' covariances.
/// Welford's update is numerically stable (no difference of two large sums) and adds objects in
/// their order, so the result does not depend on the core count.
public struct ProjectedMoments: Sendable {
    public let directions: Int
    public private(set) var count = 0
    /// Entry layout: g_1 … g_P, then B row-major (P²).
    var mean: [Double]
    var squares: [Double]
    /// (ℓ, diag B): P + 1 means and the (P + 1)² co-moment Σ(y − ȳ)(y − ȳ)ᵀ.
    var diagonalMean: [Double]
    var coMoment: [Double]
    /// y − ȳ before and after an object's update (2·(P + 1)), reused by every `add`.
    var scratch: [Double]

    public init(directions p: Int) {
        directions = p
        mean = [Double](repeating: 0, count: p + p * p)
        squares = mean
        diagonalMean = [Double](repeating: 0, count: p + 1)
        coMoment = [Double](repeating: 0, count: (p + 1) * (p + 1))
        scratch = [Double](repeating: 0, count: 2 * (p + 1))
    }

    /// One object: its loss, its P projected gradients and its P × P projected Hessian. Through
    /// pointers: written element by element, the arrays paid a uniqueness check per entry, and
    /// the two (P + 1)-entry scratch rows were allocated per object (the same arithmetic either way).
    public mutating func add(loss: Double, gradients g: UnsafePointer<Double>, hessian b: UnsafePointer<Double>) {
        let p = directions
        count += 1
        let inverse = 1 / Double(count)
        mean.withUnsafeMutableBufferPointer { mean in
            squares.withUnsafeMutableBufferPointer { squares in
                func update(_ j: Int, _ x: Double) {
                    let before = mean[j]
                    mean[j] += (x - before) * inverse
                    squares[j] += (x - before) * (x - mean[j])
                }
                for j in 0..<p { update(j, g[j]) }
                for e in 0..<(p * p) { update(p + e, b[e]) }
            }
        }
        // Co-moment: C += (y − ȳ_old)(y − ȳ_new)ᵀ.
        diagonalMean.withUnsafeMutableBufferPointer { means in
            coMoment.withUnsafeMutableBufferPointer { c in
                scratch.withUnsafeMutableBufferPointer { rows in
                    let old = rows.baseAddress!, new = old + (p + 1)
                    for a in 0...p {
                        let y = a == 0 ? loss : b[(a - 1) * p + (a - 1)]
                        old[a] = y - means[a]
                        means[a] += old[a] * inverse
                        new[a] = y - means[a]
                    }
                    for a in 0...p { for j in 0...p { c[a * (p + 1) + j] += old[a] * new[j] } }
                }
            }
        }
    }

    /// Population variances (divisor m) of g_j and B[j][l]; population covariance of diagonal
    /// entries a, c of (ℓ, B_11, …, B_PP), symmetrised (Welford's co-moment is symmetric only up
    /// to rounding).
    func gradientVariance(_ j: Int) -> Double { squares[j] / Double(count) }
    func hessianVariance(_ j: Int, _ l: Int) -> Double { squares[directions + j * directions + l] / Double(count) }
    func diagonalCovariance(_ a: Int, _ c: Int) -> Double {
        let w = directions + 1
        return (coMoment[a * w + c] + coMoment[c * w + a]) / 2 / Double(count)
    }

    /// The moments of per-object projections given object by object.
    public init(_ p: SubspaceProjection) {
        self.init(directions: p.directions)
        let q = p.directions
        p.gradients.withUnsafeBufferPointer { g in
            p.hessians.withUnsafeBufferPointer { h in
                for i in 0..<p.count {
                    add(loss: p.losses[i], gradients: g.baseAddress! + i * q, hessian: h.baseAddress! + i * q * q)
                }
            }
        }
    }

    /// Streams the projections of `kernel`'s objects through `u` (computed in T, accumulated in
    /// Double) without keeping them; `losses` are the objects' ℓ_i (Double).
    public init<T: BLASScalar>(_ kernel: HessianProductKernel<T>, losses: [Double], directions u: [[Double]]) {
        self.init(directions: u.count)
        let q = u.count
        SubspaceProjection.stream(kernel, directions: u) { start, rows, g, h in
            g.withUnsafeBufferPointer { gp in
                h.withUnsafeBufferPointer { hp in
                    for r in 0..<rows {
                        add(
                            loss: losses[start + r], gradients: gp.baseAddress! + r * q,
                            hessian: hp.baseAddress! + r * q * q)
                    }
                }
            }
        }
    }
}
