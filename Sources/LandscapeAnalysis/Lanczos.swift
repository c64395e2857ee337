import LandscapeCore

/// Lanczos iteration with full reorthogonalisation for the extreme eigenvalues of a symmetric
/// operator given only as v ↦ A·v (here Hessian-vector products).
public enum Lanczos {
    /// Ritz values after at most `steps` iterations, descending. Extreme ones converge first.
    public static func eigenvalues(dimension n: Int, steps: Int, seed: UInt64, apply: ([Double]) -> [Double]) -> [Double] {
        let (alpha, beta, _) = tridiagonal(dimension: n, steps: steps, seed: seed, apply: apply)
        return ((try? LAPACK.symmetricEigenvalues(matrix(alpha, beta), n: alpha.count)) ?? []).reversed()
    }

    /// The largest Ritz value and its unit Ritz vector (length n): the top eigenpair once converged.
    public static func topEigenvector(dimension n: Int, steps: Int, seed: UInt64, apply: ([Double]) -> [Double]) -> (value: Double, vector: [Double]) {
        let (alpha, beta, basis) = tridiagonal(dimension: n, steps: steps, seed: seed, apply: apply)
        let size = alpha.count
        guard let (values, vectors) = try? LAPACK.symmetricEigen(matrix(alpha, beta), n: size), let top = values.last else {
            return (0, basis.first ?? [Double](repeating: 0, count: n))
        }
        // Ritz vector = Σ_j y_j q_j with y the top eigenvector of T.
        var v = [Double](repeating: 0, count: n)
        for j in 0..<size {
            let y = vectors[(size - 1) * size + j]
            for t in 0..<n { v[t] += y * basis[j][t] }
        }
        let norm = dot(v, v).squareRoot()
        return (top, norm > 0 ? v.map { $0 / norm } : v)
    }

    /// The tridiagonal T = QᵀAQ (diagonal alpha, off-diagonal beta) and the orthonormal basis Q.
    static func tridiagonal(dimension n: Int, steps: Int, seed: UInt64, apply: ([Double]) -> [Double]) -> (alpha: [Double], beta: [Double], basis: [[Double]]) {
        var rng = SeededGenerator(seed: seed)
        var q = (0..<n).map { _ in rng.nextGaussian() }
        let norm0 = dot(q, q).squareRoot()
        q = q.map { $0 / norm0 }
        var basis: [[Double]] = []
        var alpha: [Double] = [], beta: [Double] = []
        let m = min(steps, n)
        for j in 0..<m {
            basis.append(q)
            var w = apply(q)
            let a = dot(q, w)
            alpha.append(a)
            for t in 0..<n { w[t] -= a * q[t] }
            if j > 0 { let b = beta[j - 1], prev = basis[j - 1]; for t in 0..<n { w[t] -= b * prev[t] } }
            // Full reorthogonalisation, twice ("twice is enough").
            for _ in 0..<2 {
                for v in basis {
                    let c = dot(v, w)
                    for t in 0..<n { w[t] -= c * v[t] }
                }
            }
            let b = dot(w, w).squareRoot()
            if j == m - 1 || b < 1e-10 * max(1, abs(a)) { break }
            beta.append(b)
            q = w.map { $0 / b }
        }
        return (alpha, Array(beta.prefix(max(0, alpha.count - 1))), basis)
    }

    static func matrix(_ alpha: [Double], _ beta: [Double]) -> [Double] {
        let size = alpha.count
        var t = [Double](repeating: 0, count: size * size)
        for i in 0..<size {
            t[i * size + i] = alpha[i]
            if i + 1 < size { t[i * size + i + 1] = beta[i]; t[(i + 1) * size + i] = beta[i] }
        }
        return t
    }

    /// The spectral norm max|λ| of a symmetric (possibly indefinite) operator, from Ritz values.
    public static func spectralNorm(dimension n: Int, steps: Int, seed: UInt64, apply: ([Double]) -> [Double]) -> Double {
        let values = eigenvalues(dimension: n, steps: steps, seed: seed, apply: apply)
        return max(abs(values.first ?? 0), abs(values.last ?? 0))
    }

    @inline(__always)
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }
}
