import LandscapeCore

/// Lanczos iteration with full reorthogonalisation for the extreme eigenvalues of a symmetric
/// operator given only as v ↦ A·v (here Hessian-vector products).
public enum Lanczos {
    /// Ritz values after at most `steps` iterations, descending. Extreme ones converge first.
    public static func eigenvalues(
        dimension n: Int, steps: Int, seed: UInt64, apply: ([Double]) -> [Double]
    ) -> [Double] {
        let (alpha, beta, _) = tridiagonal(dimension: n, steps: steps, seed: seed, apply: apply)
        return ((try? LAPACK.symmetricEigenvalues(matrix(alpha, beta), n: alpha.count)) ?? []).reversed()
    }

    /// The largest Ritz value and its unit Ritz vector (length n): the top eigenpair once converged.
    public static func topEigenvector(
        dimension n: Int, steps: Int, seed: UInt64, apply: ([Double]) -> [Double]
    ) -> (value: Double, vector: [Double]) {
        let top = topEigenvectors(dimension: n, count: 1, steps: steps, seed: seed, apply: apply)
        return (top.values.first ?? 0, top.vectors.first ?? [Double](repeating: 0, count: n))
    }

    /// The `count` largest Ritz values (descending) and their orthonormal Ritz vectors (length n).
    /// Outlying eigenvalues converge first; the later ones of a dense bulk are Ritz
    /// approximations, still an orthonormal basis of the Krylov space's top part.
    public static func topEigenvectors(
        dimension n: Int, count: Int, steps: Int, seed: UInt64,
        apply: ([Double]) -> [Double]
    ) -> (values: [Double], vectors: [[Double]]) {
        let (alpha, beta, basis) = tridiagonal(dimension: n, steps: steps, seed: seed, apply: apply)
        let size = alpha.count
        guard let (values, vectors) = try? LAPACK.symmetricEigen(matrix(alpha, beta), n: size) else { return ([], []) }
        // Ritz vector = Qᵀy with Q the size × n basis (rows q_j) and y an eigenvector of T (ascending).
        let wanted = min(count, size)
        return (
            (0..<wanted).map { values[size - 1 - $0] },
            (0..<wanted).map { r in
                let j = size - 1 - r
                var v = [Double](repeating: 0, count: n)
                let y = Array(vectors[(j * size)..<((j + 1) * size)])
                BLAS.gemv(true, rows: size, cols: n, basis, y, &v)
                let norm = dot(v, v).squareRoot()
                return norm > 0 ? v.map { $0 / norm } : v
            }
        )
    }

    /// The tridiagonal T = QᵀAQ (diagonal alpha, off-diagonal beta) and the orthonormal basis Q,
    /// row j = q_j, flat (steps × n). Full reorthogonalisation as two matrix–vector products.
    static func tridiagonal(
        dimension n: Int, steps: Int, seed: UInt64, apply: ([Double]) -> [Double]
    ) -> (alpha: [Double], beta: [Double], basis: [Double]) {
        var rng = SeededGenerator(seed: seed)
        var q = (0..<n).map { _ in rng.nextGaussian() }
        let norm0 = dot(q, q).squareRoot()
        q = q.map { $0 / norm0 }
        let m = min(steps, n)
        var basis = [Double](repeating: 0, count: m * n)
        var coefficients = [Double](repeating: 0, count: m)
        var alpha: [Double] = [], beta: [Double] = []
        for j in 0..<m {
            basis.replaceSubrange((j * n)..<((j + 1) * n), with: q)
            var w = apply(q)
            let a = dot(q, w)
            alpha.append(a)
            // Full reorthogonalisation against q_0…q_j (c = Qw, w −= Qᵀc), which also removes the
            // three-term recurrence's a·q_j and b·q_{j−1} components. A second pass only when the
            // first cancelled most of w (the DGKS criterion, ‖w‖ shrinking below 1/√2 of itself):
            // "twice is enough", and once is enough when little cancels.
            var before = dot(w, w).squareRoot()
            var b = before
            for _ in 0..<2 {
                BLAS.gemv(false, rows: j + 1, cols: n, basis, w, &coefficients)
                BLAS.gemv(true, rows: j + 1, cols: n, alpha: -1, basis, coefficients, beta: 1, &w)
                b = dot(w, w).squareRoot()
                if b > 0.7071 * before { break }
                before = b
            }
            if j == m - 1 || b < 1e-10 * max(1, abs(a)) { break }
            beta.append(b)
            q = w.map { $0 / b }
        }
        return (alpha, Array(beta.prefix(max(0, alpha.count - 1))), Array(basis.prefix(alpha.count * n)))
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
    public static func spectralNorm(dimension n: Int, steps: Int, seed: UInt64, apply: ([Double]) -> [Double]) -> Double
    {
        let values = eigenvalues(dimension: n, steps: steps, seed: seed, apply: apply)
        return max(abs(values.first ?? 0), abs(values.last ?? 0))
    }

    @inline(__always)
    static func dot(_ a: [Double], _ b: [Double]) -> Double { BLAS.dot(a.count, a, b) }
}
