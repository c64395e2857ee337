import Foundation
import LandscapeCore

/// tr A of a symmetric operator known only through products, with a standard error
/// (docs/spectrum.md). `products` counts the operator products spent.
public struct TraceEstimate: Codable, Hashable, Sendable {
    public let value: Double
    public let standardError: Double
    public let products: Int

    /// Hutchinson: the mean of zᵀAz over `probes` Rademacher vectors z (unbiased; the standard
    /// error is the probes' standard deviation over √probes).
    public static func hutchinson(
        dimension n: Int, probes: Int, seed: UInt64, apply: ([[Double]]) -> [[Double]]
    ) -> TraceEstimate {
        let z = (0..<probes).map { SpectralQuadrature.rademacher(n, seed: derivedSeed(seed, "hutchinson", "\($0)")) }
        let samples = zip(z, blocks(z, apply)).map { BLAS.dot(n, $0, $1) }
        let (mean, se) = meanAndError(samples)
        return TraceEstimate(value: mean, standardError: se, products: probes)
    }

    /// Hutch++ (Meyer, Musco, Musco & Woodruff 2021) with `products` products in three equal
    /// parts: Q = orth(A·S) for s = products/3 Rademacher columns S; tr(QᵀAQ) exactly; Hutchinson
    /// on the rest, (I − QQᵀ)A(I − QQᵀ), with s more probes. The top of the spectrum is taken
    /// exactly, so where a few eigenvalues dominate the error falls far below Hutchinson's.
    /// The standard error is the deflated part's (Q's part carries no probe noise given Q).
    public static func hutchPlusPlus(
        dimension n: Int, products: Int, seed: UInt64, apply: ([[Double]]) -> [[Double]]
    ) -> TraceEstimate {
        let s = max(1, products / 3)
        let sketch = (0..<s).map { SpectralQuadrature.rademacher(n, seed: derivedSeed(seed, "hutch++-S", "\($0)")) }
        let q = SubspaceCriterion.orthonormalised(blocks(sketch, apply))
        let exact = zip(q, blocks(q, apply)).reduce(0.0) { $0 + BLAS.dot(n, $1.0, $1.1) }
        let g = (0..<s).map { i -> [Double] in
            var v = SpectralQuadrature.rademacher(n, seed: derivedSeed(seed, "hutch++-G", "\(i)"))
            for u in q {
                let c = BLAS.dot(n, u, v)
                for j in 0..<n { v[j] -= c * u[j] }
            }
            return v
        }
        let (mean, se) = meanAndError(zip(g, blocks(g, apply)).map { BLAS.dot(n, $0, $1) })
        return TraceEstimate(value: exact + mean, standardError: se, products: s + q.count + s)
    }

    /// The products of `vectors` in blocks of at most 32 (the block product's memory stays small).
    static func blocks(_ vectors: [[Double]], _ apply: ([[Double]]) -> [[Double]]) -> [[Double]] {
        stride(from: 0, to: vectors.count, by: 32).flatMap { apply(Array(vectors[$0..<min(vectors.count, $0 + 32)])) }
    }

    static func meanAndError(_ samples: [Double]) -> (Double, Double) {
        let mean = samples.reduce(0, +) / Double(max(1, samples.count))
        guard samples.count > 1 else { return (mean, 0) }
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples.count - 1)
        return (mean, (variance / Double(samples.count)).squareRoot())
    }
}
