import Foundation

/// The Gaussian-moment closed form of the squared criterion (docs/criteria.md). Near θ̂ write
/// ℒ_{k+1}(θ̂ + Uz) − ℒ_k(θ̂ + Uz) ≈ a_k + c_kᵀz + ½zᵀB_kz; for z ~ 𝒩(0, σ²I),
///   GM = a_k² + a_k σ² Tr B_k + σ²‖c_k‖² + (σ⁴/4)(2 Tr B_k² + (Tr B_k)²).
/// Averaged over random orderings of m objects, every term is a population (co)variance of the
/// per-object quantities times one factor of k: for any per-object X, Y,
///   E_π[(X_{k+1} − X̄_k)(Y_{k+1} − Ȳ_k)] = Cov(X, Y)·m(k+1)/(k(m − 1)),
/// so E_π GM(k; σ) = m/(k(k+1)(m − 1)) · [Var ℓ + σ²Cov(ℓ, Tr B) + σ²ΣVar g + (σ⁴/4)(2ΣVar B + Var Tr B)].
/// The k-dependence is fixed by the ordering alone; the network sets the bracket.
public struct GaussianMoments: Codable, Hashable, Sendable {
    /// Population variance of ℓ_i (the σ⁰ term: a_k², which the distributional bound takes as 0).
    public let lossVariance: Double
    /// Cov(ℓ_i, Tr B_i).
    public let lossTraceCovariance: Double
    /// Σ_j Var(g_ij) = (1/m)Σ‖g_i − ḡ‖².
    public let gradientVariance: Double
    /// Σ_jl Var(B_i[j][l]) = (1/m)Σ‖B_i − B̄‖_F².
    public let hessianVariance: Double
    /// Var(Tr B_i).
    public let traceVariance: Double

    public init(
        lossVariance: Double, lossTraceCovariance: Double, gradientVariance: Double, hessianVariance: Double,
        traceVariance: Double
    ) {
        self.lossVariance = lossVariance
        self.lossTraceCovariance = lossTraceCovariance
        self.gradientVariance = gradientVariance
        self.hessianVariance = hessianVariance
        self.traceVariance = traceVariance
    }

    /// The bracket: E_π GM ÷ the ordering factor.
    public func level(sigma s: Double) -> Double {
        lossVariance + s * s * (lossTraceCovariance + gradientVariance) + s * s * s * s / 4
            * (2 * hessianVariance + traceVariance)
    }

    /// The share of the level that is a_k² (the σ⁰ term).
    public func constantShare(sigma: Double) -> Double { lossVariance / level(sigma: sigma) }

    /// E_π GM(k; σ) for m objects.
    public func value(k: Int, objects m: Int, sigma: Double) -> Double {
        Self.orderingFactor(k: k, objects: m) * level(sigma: sigma)
    }

    /// m/(k(k+1)(m − 1)): E_π[(ℒ_{k+1} − ℒ_k)²] per unit population variance (sampling without replacement).
    public static func orderingFactor(k: Int, objects m: Int) -> Double {
        Double(m) / (Double(k) * Double(k + 1) * Double(m - 1))
    }

    /// The top-D subspace: the leading D directions of `p` (orthonormal, nested), exactly.
    public static func subspace(_ p: ProjectedMoments, dimension d: Int) -> GaussianMoments {
        precondition(d >= 1 && d <= p.directions)
        // Diagonal index a = 1 + j is B[j][j] (0 is ℓ); Tr_D = Σ_{j<D} B[j][j].
        var traceVariance = 0.0, lossTrace = 0.0, gradient = 0.0, hessian = 0.0
        for j in 0..<d {
            lossTrace += p.diagonalCovariance(0, 1 + j)
            gradient += p.gradientVariance(j)
            for l in 0..<d {
                traceVariance += p.diagonalCovariance(1 + j, 1 + l)
                hessian += p.hessianVariance(j, l)
            }
        }
        return GaussianMoments(
            lossVariance: p.diagonalCovariance(0, 0), lossTraceCovariance: lossTrace, gradientVariance: gradient,
            hessianVariance: hessian, traceVariance: traceVariance)
    }

    /// The same from per-object projections.
    public static func subspace(_ p: SubspaceProjection, dimension d: Int) -> GaussianMoments {
        subspace(ProjectedMoments(p), dimension: d)
    }

    /// The full space (D = N) by Hutchinson: `p`'s directions are independent 𝒩(0, I_N) probes, so
    /// E[vᵀAv] = Tr A, E[(vᵀAw)²] = ‖A‖_F² and E[(vᵀAv)(wᵀAw)] = (Tr A)² for independent v, w.
    /// Each term is the mean of unbiased one-probe (or two-probe) estimates; at least 2 probes.
    public static func hutchinson(_ p: ProjectedMoments) -> GaussianMoments {
        let q = p.directions
        precondition(q >= 2)
        var hessian = 0.0, trace = 0.0, pairs = 0.0, lossTrace = 0.0, gradient = 0.0
        for j in 0..<q {
            lossTrace += p.diagonalCovariance(0, 1 + j)
            gradient += p.gradientVariance(j)
            for l in 0..<q where l != j {
                hessian += p.hessianVariance(j, l)
                trace += p.diagonalCovariance(1 + j, 1 + l)
                pairs += 1
            }
        }
        let probes = Double(q)
        return GaussianMoments(
            lossVariance: p.diagonalCovariance(0, 0), lossTraceCovariance: lossTrace / probes,
            gradientVariance: gradient / probes, hessianVariance: hessian / pairs, traceVariance: trace / pairs)
    }

    /// The same from per-object projections.
    public static func hutchinson(_ p: SubspaceProjection) -> GaussianMoments { hutchinson(ProjectedMoments(p)) }

    /// GM for one ordering at k (objects `order[0..<k]` then `order[k]`), leading D directions.
    public static func atOrdering(
        _ p: SubspaceProjection, dimension d: Int, order: [Int], k: Int, sigma s: Double
    ) -> Double {
        let q = p.directions, next = order[k], scale = 1 / Double(k + 1)
        func difference(_ f: (Int) -> Double) -> Double {
            (f(next) - order.prefix(k).reduce(0.0) { $0 + f($1) } / Double(k)) * scale
        }
        let a = difference { p.losses[$0] }
        var cc = 0.0, trace = 0.0, frobenius = 0.0
        for j in 0..<d {
            let c = difference { p.gradients[$0 * q + j] }
            cc += c * c
            for l in 0..<d {
                let b = difference { p.hessian($0, j, l) }
                frobenius += b * b
                if j == l { trace += b }
            }
        }
        return quadraticModel(a: a, trace: trace, gradientSquared: cc, frobenius: frobenius, sigma: s)
    }

    /// E_z[(a + cᵀz + ½zᵀBz)²] for z ~ 𝒩(0, σ²I), given a, Tr B, ‖c‖² and ‖B‖_F²:
    /// a² + aσ²Tr B + σ²‖c‖² + (σ⁴/4)(2‖B‖_F² + (Tr B)²).
    public static func quadraticModel(
        a: Double, trace: Double, gradientSquared cc: Double, frobenius: Double, sigma s: Double
    ) -> Double {
        a * a + a * s * s * trace + s * s * cc + s * s * s * s / 4 * (2 * frobenius + trace * trace)
    }

    static func variance(_ x: [Double]) -> Double { covariance(x, x) }

    /// Population covariance (divisor m), two-pass.
    static func covariance(_ x: [Double], _ y: [Double]) -> Double {
        let m = Double(x.count)
        let mx = x.reduce(0, +) / m, my = y.reduce(0, +) / m
        return zip(x, y).reduce(0.0) { $0 + ($1.0 - mx) * ($1.1 - my) } / m
    }
}
