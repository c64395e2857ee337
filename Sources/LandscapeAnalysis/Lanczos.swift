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
        let t = tridiagonal(start: (0..<n).map { _ in rng.nextGaussian() }, steps: steps, apply: apply)
        return (t.alpha, t.beta, t.basis)
    }

    /// The Lanczos process from `start` (any nonzero vector; normalised here). `residual` is the
    /// norm of the last, unused Lanczos vector (β_s): Ritz pair j of T is off by β_s·|y_{s,j}|.
    static func tridiagonal(
        start: [Double], steps: Int, apply: ([Double]) -> [Double]
    ) -> Tridiagonal {
        tridiagonals(starts: [start], steps: steps) { $0.map(apply) }[0]
    }

    /// T = QᵀAQ (diagonal alpha, off-diagonal beta), the basis Q (row j = q_j, flat steps × n) and
    /// the residual norm β_s.
    public typealias Tridiagonal = (alpha: [Double], beta: [Double], basis: [Double], residual: Double)

    /// Independent Lanczos processes, one per start, in lockstep: each step hands the current
    /// vector of every unfinished process to `apply` at once, so a block product serves them all.
    static func tridiagonals(
        starts: [[Double]], steps: Int, apply: ([[Double]]) -> [[Double]]
    ) -> [Tridiagonal] {
        tridiagonals(starts: starts, steps: steps) { _, vectors in apply(vectors) }
    }

    /// The same, `apply` also told which processes (indices into `starts`) the vectors belong to.
    static func tridiagonals(
        starts: [[Double]], steps: Int, indexed apply: ([Int], [[Double]]) -> [[Double]]
    ) -> [Tridiagonal] {
        var processes = starts.map { Process(start: $0, steps: steps) }
        while true {
            let active = processes.indices.filter { !processes[$0].finished }
            if active.isEmpty { break }
            let products = apply(active, active.map { processes[$0].q })
            for (index, w) in zip(active, products) { processes[index].advance(w) }
        }
        return processes.map(\.result)
    }

    /// One Lanczos process with full reorthogonalisation.
    struct Process {
        let n: Int, steps: Int
        var q: [Double]
        var basis: [Double]
        var coefficients: [Double]
        var alpha: [Double] = [], beta: [Double] = [], residual = 0.0
        var finished = false

        init(start: [Double], steps: Int) {
            n = start.count
            let norm0 = dot(start, start).squareRoot()
            q = start.map { $0 / norm0 }
            self.steps = min(steps, n)
            basis = [Double](repeating: 0, count: self.steps * n)
            coefficients = [Double](repeating: 0, count: self.steps)
            basis.replaceSubrange(0..<n, with: q)
        }

        /// Takes w = A·q_j and moves to q_{j+1} (or finishes).
        mutating func advance(_ product: [Double]) {
            var w = product
            let j = alpha.count
            let a = dot(q, w)
            alpha.append(a)
            // The three-term recurrence first (w −= a·q_j + β_{j−1}·q_{j−1}), then full
            // reorthogonalisation against q_0…q_j (c = Qw, w −= Qᵀc) for what rounding left. A second
            // pass only when one cancelled most of w (the DGKS criterion, ‖w‖ shrinking below 1/√2
            // of itself): "twice is enough", and after the recurrence once nearly always is.
            w.withUnsafeMutableBufferPointer { w in
                basis.withUnsafeBufferPointer { basis in
                    for i in 0..<n { w[i] -= a * basis[j * n + i] }
                    if j > 0 { let b = beta[j - 1]; for i in 0..<n { w[i] -= b * basis[(j - 1) * n + i] } }
                }
            }
            var before = dot(w, w).squareRoot()
            var b = before
            for _ in 0..<2 {
                BLAS.gemv(false, rows: j + 1, cols: n, basis, w, &coefficients)
                BLAS.gemv(true, rows: j + 1, cols: n, alpha: -1, basis, coefficients, beta: 1, &w)
                b = dot(w, w).squareRoot()
                if b > 0.7071 * before { break }
                before = b
            }
            residual = b
            if j == steps - 1 || b < 1e-10 * max(1, abs(a)) {
                finished = true
                return
            }
            beta.append(b)
            q = w.map { $0 / b }
            basis.replaceSubrange(((j + 1) * n)..<((j + 2) * n), with: q)
        }

        var result: Tridiagonal {
            (alpha, beta, Array(basis.prefix(alpha.count * n)), alpha.count == n ? 0 : residual)
        }
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
        let (alpha, beta, _) = tridiagonal(dimension: n, steps: steps, seed: seed, apply: apply)
        return spectralNorm(alpha: alpha, beta: beta)
    }

    /// max|θ| over the Ritz values of the tridiagonal (diagonal alpha, off-diagonal beta).
    static func spectralNorm(alpha: [Double], beta: [Double]) -> Double {
        let values = (try? LAPACK.symmetricEigenvalues(matrix(alpha, beta), n: alpha.count)) ?? []
        return max(abs(values.first ?? 0), abs(values.last ?? 0))
    }

    @inline(__always)
    static func dot(_ a: [Double], _ b: [Double]) -> Double { BLAS.dot(a.count, a, b) }
}

extension Lanczos {
    /// The largest eigenvalue by Lanczos, stopped once the top Ritz value moves by less than
    /// `tolerance` of itself in one step (the stopping rule of PyHessian's power iteration, which
    /// Lanczos meets in fewer products). Returns the value and the products used.
    public static func largest(
        dimension n: Int, tolerance: Double, maximumSteps: Int = 100, seed: UInt64, apply: ([Double]) -> [Double]
    ) -> (value: Double, products: Int) {
        var process = Process(start: SpectralQuadrature.rademacher(n, seed: seed), steps: maximumSteps)
        var previous = -Double.infinity
        while !process.finished {
            process.advance(apply(process.q))
            let top =
                (try? LAPACK.symmetricEigenvalues(matrix(process.alpha, process.beta), n: process.alpha.count))?
                .last ?? 0
            if abs(top - previous) <= tolerance * abs(top) { return (top, process.alpha.count) }
            previous = top
        }
        return (previous, process.alpha.count)
    }
}
