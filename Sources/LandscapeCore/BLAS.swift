import COpenBLAS
import Foundation

/// Thin, row-major wrappers over OpenBLAS. Every dense product in the tool goes through here.
public enum BLAS {
    /// One OpenBLAS thread per call: parallelism comes from running configurations side by
    /// side, and a single-threaded BLAS keeps results independent of the machine's core count.
    public static func useOneThread() {
        openblas_set_num_threads(1)
    }

    /// The OpenBLAS kernel family in use ("Haswell", "Cooperlake", "Zen", …). OpenBLAS picks it
    /// from the processor, and each family rounds sgemm differently: the same spec gave other
    /// bytes on an AVX-512 machine (Cooperlake kernels) than on the machine that made the
    /// committed report (Haswell kernels).
    public static var kernel: String { openblas_get_corename().map { String(cString: $0) } ?? "unknown" }

    /// The family every run uses on x86-64, so results are byte-identical across machines: AVX2
    /// and FMA, which the tool's own vectorised code already requires (Package.swift).
    public static let reproducibleKernel = "Haswell"

    /// Re-executes this process with OPENBLAS_CORETYPE set to `reproducibleKernel` when it is not
    /// set: OpenBLAS reads it when the library loads, before `main`. A value the user set is kept
    /// (and recorded in provenance.json); so is everything else when exec fails.
    public static func pinKernel() {
        #if arch(x86_64) && os(Linux)
        guard getenv("OPENBLAS_CORETYPE") == nil else { return }
        setenv("OPENBLAS_CORETYPE", reproducibleKernel, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        #endif
    }

    /// C[m×n] = alpha · op(A) · op(B) + beta · C, all row-major.
    /// op(A) is m×k (A is m×k, or k×m when transA); op(B) is k×n (B is k×n, or n×k when transB).
    @inline(__always)
    public static func gemm(
        _ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
        beta: Float = 0, _ c: UnsafeMutablePointer<Float>
    ) {
        gemm(
            transA, transB, m: m, n: n, k: k, alpha: alpha, a, lda: transA ? m : k, b, ldb: transB ? k : n, beta: beta,
            c, ldc: n)
    }

    /// `gemm` on sub-matrices: rows of A, B and C are lda, ldb and ldc floats apart (row-major),
    /// so heads of a packed q|k|v matrix and every [CLS] row of a batch are read in place.
    @inline(__always)
    public static func gemm(
        _ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, _ c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// y[m] = alpha · op(A) · x + beta · y, A row-major rows × cols (op(A) = Aᵀ when `trans`).
    @inline(__always)
    public static func gemv(
        _ trans: Bool, rows: Int, cols: Int, alpha: Double = 1, _ a: UnsafePointer<Double>,
        _ x: UnsafePointer<Double>, beta: Double = 0, _ y: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemv(
            CblasRowMajor, trans ? CblasTrans : CblasNoTrans, blasint(rows), blasint(cols), alpha, a, blasint(cols), x,
            1, beta, y, 1)
    }

    /// x · y over n doubles.
    @inline(__always)
    public static func dot(_ n: Int, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>) -> Double {
        cblas_ddot(blasint(n), x, 1, y, 1)
    }

    /// Double twin of `gemm`, same shapes and conventions.
    @inline(__always)
    public static func gemm(
        _ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int,
        alpha: Double = 1, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
        beta: Double = 0, _ c: UnsafeMutablePointer<Double>
    ) {
        gemm(
            transA, transB, m: m, n: n, k: k, alpha: alpha, a, lda: transA ? m : k, b, ldb: transB ? k : n, beta: beta,
            c, ldc: n)
    }

    /// Double twin of the sub-matrix `gemm`.
    @inline(__always)
    public static func gemm(
        _ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int,
        alpha: Double = 1, _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
        beta: Double = 0, _ c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
}

/// LAPACK routines (through OpenBLAS) that the analysis needs.
public enum LAPACK {
    /// Eigenvalues (ascending) of the symmetric n×n matrix `a` (row-major; only symmetry matters).
    public static func symmetricEigenvalues(_ a: [Double], n: Int) throws -> [Double] {
        try dsyev(a, n: n, vectors: false).values
    }

    /// Eigenvalues (ascending) and unit eigenvectors of the symmetric n×n matrix `a`; vector j is
    /// `vectors[j*n ..< (j+1)*n]`.
    public static func symmetricEigen(_ a: [Double], n: Int) throws -> (values: [Double], vectors: [Double]) {
        try dsyev(a, n: n, vectors: true)
    }

    /// LAPACK's dsyev. Column-major there: the symmetric matrix is its own transpose, and each
    /// eigenvector comes back as a contiguous column of the overwritten matrix.
    static func dsyev(_ a: [Double], n: Int, vectors: Bool) throws -> (values: [Double], vectors: [Double]) {
        precondition(a.count == n * n)
        if n == 0 { return ([], []) }
        var matrix = a
        var w = [Double](repeating: 0, count: n)
        var nn = Int32(n), lda = Int32(n), info: Int32 = 0, lwork: Int32 = -1
        var query = 0.0
        var jobz = Int8(UInt8(ascii: vectors ? "V" : "N")), uplo = Int8(UInt8(ascii: "U"))
        dsyev_(&jobz, &uplo, &nn, &matrix, &lda, &w, &query, &lwork, &info)
        lwork = Int32(query)
        var work = [Double](repeating: 0, count: max(1, Int(lwork)))
        dsyev_(&jobz, &uplo, &nn, &matrix, &lda, &w, &work, &lwork, &info)
        if info != 0 { throw LandscapeError("LAPACK dsyev failed (info \(info))") }
        return (w, vectors ? matrix : [])
    }

    /// Singular values (descending) of the rows×cols row-major matrix `a`.
    public static func singularValues(_ a: [Double], rows: Int, cols: Int) throws -> [Double] {
        precondition(a.count == rows * cols)
        if rows == 0 || cols == 0 { return [] }
        // A row-major rows×cols matrix is the column-major cols×rows matrix Aᵀ: same singular values.
        var matrix = a
        var m = Int32(cols), n = Int32(rows), lda = Int32(cols), ldu: Int32 = 1, ldvt: Int32 = 1
        var s = [Double](repeating: 0, count: min(rows, cols))
        var u = [Double](repeating: 0, count: 1), vt = [Double](repeating: 0, count: 1)
        var info: Int32 = 0, lwork: Int32 = -1, query = 0.0
        var job = Int8(UInt8(ascii: "N"))
        dgesvd_(&job, &job, &m, &n, &matrix, &lda, &s, &u, &ldu, &vt, &ldvt, &query, &lwork, &info)
        lwork = Int32(query)
        var work = [Double](repeating: 0, count: max(1, Int(lwork)))
        dgesvd_(&job, &job, &m, &n, &matrix, &lda, &s, &u, &ldu, &vt, &ldvt, &work, &lwork, &info)
        if info != 0 { throw LandscapeError("LAPACK dgesvd failed (info \(info))") }
        return s
    }
}
