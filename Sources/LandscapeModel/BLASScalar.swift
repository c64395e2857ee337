import CMath
import Foundation
import LandscapeCore

/// The two precisions the network runs in: Float32 for training (as the reference does) and
/// Float64 for tests and analysis. One generic code path serves both.
public protocol BLASScalar: BinaryFloatingPoint, SIMDScalar, Sendable, Codable
where Self.RawSignificand: FixedWidthInteger {
    /// Row-major C = alpha·op(A)·op(B) + beta·C (see `BLAS.gemm`).
    static func gemm(
        _ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int, alpha: Self,
        _ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, beta: Self, _ c: UnsafeMutablePointer<Self>)
    /// The same on sub-matrices whose rows are lda, ldb and ldc elements apart.
    static func gemm(
        _ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int, alpha: Self,
        _ a: UnsafePointer<Self>, lda: Int, _ b: UnsafePointer<Self>, ldb: Int, beta: Self,
        _ c: UnsafeMutablePointer<Self>, ldc: Int)
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    /// The IEEE square root, as a loop LLVM vectorises (`squareRoot()` calls libm on Linux).
    static func ieeeSquareRoot(_ x: Self) -> Self
}

extension Float: BLASScalar {
    @inline(__always)
    public static func gemm(
        _ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, beta: Float, _ c: UnsafeMutablePointer<Float>
    ) {
        BLAS.gemm(transA, transB, m: m, n: n, k: k, alpha: alpha, a, b, beta: beta, c)
    }
    @inline(__always)
    public static func gemm(
        _ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, beta: Float,
        _ c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        BLAS.gemm(transA, transB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb, beta: beta, c, ldc: ldc)
    }
    @inline(__always) public static func exp(_ x: Float) -> Float { Foundation.exp(x) }
    @inline(__always) public static func log(_ x: Float) -> Float { Foundation.log(x) }
    @inline(__always) public static func ieeeSquareRoot(_ x: Float) -> Float { landscape_sqrtf(x) }
}

extension Double: BLASScalar {
    @inline(__always)
    public static func gemm(
        _ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, beta: Double, _ c: UnsafeMutablePointer<Double>
    ) {
        BLAS.gemm(transA, transB, m: m, n: n, k: k, alpha: alpha, a, b, beta: beta, c)
    }
    @inline(__always)
    public static func gemm(
        _ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
        _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int, beta: Double,
        _ c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        BLAS.gemm(transA, transB, m: m, n: n, k: k, alpha: alpha, a, lda: lda, b, ldb: ldb, beta: beta, c, ldc: ldc)
    }
    @inline(__always) public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    @inline(__always) public static func log(_ x: Double) -> Double { Foundation.log(x) }
    @inline(__always) public static func ieeeSquareRoot(_ x: Double) -> Double { landscape_sqrt(x) }
}
