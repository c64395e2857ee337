import Foundation

/// Theorem 1 with its proof's two slips mended (docs/theorem-1.md), for bias-free ReLU networks
/// with L linear layers, ‖W^(p)‖₂ ≤ M_W and ‖x_i‖₂ ≤ M_x:
///
///   ‖J_iᵀ A_i J_i‖₂ ≤ ½·L·M_x²·M_W^{2(L−1)}                           (Gauss–Newton term)
///   ‖H_i‖₂        ≤ ½·L·M_x²·M_W^{2(L−1)} + √2·(L−1)·M_x·M_W^{L−2}    (both terms)
///
/// The G-term uses ‖G^(p)‖₂ ≤ Π_{s>p}‖W^(s)‖₂ (the paper's product starts one layer early) and
/// λ_max(A_i) ≤ ½ (the paper uses √2). The second line adds the curvature term
/// Σ_c (∂ℓ/∂z_c)∇²z_c, whose only nonzero blocks couple two different layers.
public enum CorrectedTheoremOneBound {
    /// The bound on the Gauss–Newton term ‖J_iᵀ A_i J_i‖₂.
    public static func gaussNewton(spectralBound mW: Double, inputBound mX: Double, linearLayers l: Int) -> LogValue {
        LogValue(log: log(0.5 * Double(l)) + 2 * log(mX) + 2 * Double(l - 1) * log(mW))
    }

    /// The curvature term's bound √2·(L−1)·M_x·M_W^{L−2} (zero for one linear layer).
    public static func curvatureTerm(spectralBound mW: Double, inputBound mX: Double, linearLayers l: Int) -> LogValue {
        guard l >= 2 else { return LogValue(log: -.infinity) }
        return LogValue(log: log(2.0.squareRoot() * Double(l - 1)) + log(mX) + Double(l - 2) * log(mW))
    }

    /// The bound on the full per-object Hessian ‖H_i‖₂.
    public static func full(spectralBound mW: Double, inputBound mX: Double, linearLayers l: Int) -> LogValue {
        gaussNewton(spectralBound: mW, inputBound: mX, linearLayers: l)
            + curvatureTerm(spectralBound: mW, inputBound: mX, linearLayers: l)
    }

    /// The smallest M_W above which the paper's bound is at least the corrected G-term bound for
    /// every M_x and L: √2·M_W^{2L} ≥ ½·M_W^{2(L−1)} ⇔ M_W ≥ 2^{−3/4} ≈ 0.595.
    public static let paperCoversGaussNewtonAbove = pow(2.0, -0.75)
}
