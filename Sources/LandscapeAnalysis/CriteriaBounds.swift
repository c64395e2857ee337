import Foundation

/// The bounds the two later papers state for their criteria, as constants C of C/(k+1)^p
/// (log values: with Theorem 1's M_H they overflow Double). docs/criteria.md.
public enum CriteriaBounds {
    /// Distributional paper: Δ₂ ≤ σ⁴N(N+2)M_H²/(k+1)². It drops a_k (the loss difference at θ̂).
    public static func distributional(sigma: Double, parameters n: Int, hessian mH: LogValue) -> LogValue {
        LogValue(Foundation.pow(sigma, 4) * Double(n) * Double(n + 2)) * mH * mH
    }

    /// Curvature paper, re-derived (docs/criteria.md §6): Δ₂⁽ᴰ⁾ ≤ [12M_ℓ² + 12σ²M_g² + 3σ⁴(D² + 2D)M_H²]/(k+1)²
    /// with M_g = maxᵢ‖∇ℓᵢ‖. The paper states 3σ²M_g², which its own steps give only if M_g bounds
    /// ‖∇ℓₖ₊₁ − ∇ℒₖ‖ itself; with per-object maxima that difference is up to 2M_g
    /// (`statedGradientFactor` keeps the paper's factor for comparison).
    public static func curvature(
        sigma: Double, dimension d: Int, loss mL: Double, gradient mG: Double, hessian mH: LogValue,
        gradientFactor: Double = derivedGradientFactor
    ) -> LogValue {
        let s2 = sigma * sigma
        return LogValue(12 * mL * mL + gradientFactor * s2 * mG * mG)
            + LogValue(3 * s2 * s2 * Double(d * d + 2 * d)) * mH * mH
    }

    /// The gradient term's factor: 3·(2M_g)² from (x+y+z)² ≤ 3(x²+y²+z²) and ‖c‖ ≤ 2M_g; the paper's 3.
    public static let derivedGradientFactor = 12.0, statedGradientFactor = 3.0

    /// Δ₁ at distance R from θ̂: (M_ℓ + 2M_g·R + M_H·R²)/(k+1) (`LemmaTwoAway`; at R = 0, M_ℓ).
    public static func firstOrder(
        radius r: Double, loss mL: Double, gradient mG: Double, hessian mH: LogValue
    ) -> LogValue {
        LogValue(mL + 2 * mG * r) + mH * LogValue(r * r)
    }
}

extension CriteriaMeasurement {
    /// M_H measured, or Theorem 1's.
    public func hessianBound(theoremOne: Bool) -> LogValue {
        theoremOne ? LogValue(log: theoremOneLog10 * Foundation.log(10)) : LogValue(largestHessian)
    }

    /// The distributional bound's constant for σ.
    public func distributionalBound(sigma: Double, theoremOne: Bool) -> LogValue {
        CriteriaBounds.distributional(
            sigma: sigma, parameters: parameters, hessian: hessianBound(theoremOne: theoremOne))
    }

    /// The curvature bound's constant for σ and D (D = N: the full space).
    public func curvatureBound(sigma: Double, dimension: Int, theoremOne: Bool) -> LogValue {
        CriteriaBounds.curvature(
            sigma: sigma, dimension: dimension, loss: largestLoss, gradient: largestGradient,
            hessian: hessianBound(theoremOne: theoremOne))
    }

    /// Sampled k where a curve exceeds C/(k+1)² (C a log value).
    public static func violations(k: [Int], curve: [Double], constant: LogValue) -> Int {
        zip(k, curve).filter { k, y in
            y > 0 && Foundation.log(y) + 2 * Foundation.log(Double(k + 1)) > constant.log + 1e-12
        }.count
    }

    /// The sampled k of the curves.
    public var k: [Int] { gaussian.first?.k ?? subspace.first?.monteCarlo?.first?.k ?? [] }
}
