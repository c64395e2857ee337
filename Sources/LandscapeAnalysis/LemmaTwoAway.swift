import Foundation
import LandscapeCore
import LandscapeModel

/// Lemma 2 away from θ̂, at radii that matter: θ = θ̂ + R·u with R a fraction of ‖θ̂ − θ_init‖ (how
/// far training moved) and u a random unit direction or the top eigenvector of the mean Hessian.
/// The curve at θ uses the same permutations as at θ̂, so the difference is no permutation noise.
///
/// Exactly, with f = ℓ_{k+1} − ℒ_k and a point ξ on the segment,
///   (k+1)·|ℒ_{k+1}(θ) − ℒ_k(θ)| = |f(θ̂) + R·u·∇f(θ̂) + ½R²·uᵀ∇²f(ξ)u|
///                                ≤ M_ℓ + 2·M_g·R + M_H·R²,
/// M_g the largest per-object gradient norm at θ̂, M_H the largest per-object Hessian norm on the
/// segment. The paper's 2·(M_ℓ + H_bound·R²) drops the first-order term, which is zero only where
/// every ∇ℓ_i(θ̂) is (docs/theorem-1.md).
///
/// A ReLU network's gradients jump where a unit switches, so a Hessian on the segment does not
/// bound the Taylor remainder there. The bound that needs no Hessian: f is Lipschitz along the
/// segment, so f(θ) = f(θ̂) + ∫₀¹ R·u·∇f(θ̂ + tRu) dt and, with ‖∇f‖ ≤ 2·maxᵢ‖∇ℓᵢ‖ and
/// |f(θ̂)| ≤ M_ℓ (losses are ≥ 0),
///   (k+1)·|ℒ_{k+1}(θ) − ℒ_k(θ)| ≤ M_ℓ + 2R·sup_segment maxᵢ‖∇ℓᵢ‖.
/// This is the rigorous one; its sup is measured at θ̂, θ̂ + ½Ru and θ̂ + Ru on every object.
public struct LemmaTwoAway: Codable, Hashable, Sendable {
    public enum Direction: String, Codable, Sendable, CaseIterable {
        case random
        case topEigenvector = "top-eigenvector"
    }

    public let direction: Direction
    /// R ÷ ‖θ̂ − θ_init‖.
    public let fraction: Double
    public let radius: Double
    /// Sampled sample sizes k.
    public let k: [Int]
    /// Permutation mean of |ℒ_{k+1} − ℒ_k| at θ̂ + R·u.
    public let measured: [Double]
    /// The same at θ̂ (R = 0), with the same permutations.
    public let atMinimum: [Double]
    /// Permutation mean of R·|u·(∇ℓ_{k+1} − ∇ℒ_k)(θ̂)|/(k+1): the first-order term Lemma 2 drops.
    public let firstOrder: [Double]
    /// The largest ‖H_i‖₂ measured at θ̂, θ̂ + ½R·u and θ̂ + R·u on the sampled objects (Lanczos).
    public let segmentHessianMax: Double
    /// (k+1) × the paper's bound: log₁₀ 2·(M_ℓ + H_bound·R²), H_bound from Theorem 1.
    public let paperConstantLog10: Double
    /// (k+1) × the bound with measured constants: M_ℓ + 2·M_g·R + M_H·R².
    public let measuredConstant: Double
    /// Schema 7: the largest per-object gradient norm at θ̂, θ̂ + ½R·u and θ̂ + R·u (every object).
    public var segmentGradientMax: Double? = nil
    /// Schema 7: (k+1) × the Hessian-free bound, M_ℓ + 2R·segmentGradientMax.
    public var hessianFreeConstant: Double? = nil

    /// Sampled k where the measured curve exceeds the Hessian-free bound.
    public var hessianFreeViolations: Int? {
        hessianFreeConstant.map { violations(constantLog10: Foundation.log10($0)) }
    }

    /// Sampled k where the measured curve exceeds each bound (none means the bound holds).
    public var paperViolations: Int { violations(constantLog10: paperConstantLog10) }
    public var measuredViolations: Int { violations(constantLog10: Foundation.log10(measuredConstant)) }

    /// Sampled k where the measured curve exceeds the paper's form 2·(M_ℓ + M_H·R²)/(k+1) with the
    /// measured M_H instead of Theorem 1's: where the first-order term the paper drops shows.
    public func paperFormViolations(largestLoss: Double) -> Int {
        violations(constantLog10: Foundation.log10(2 * (largestLoss + segmentHessianMax * radius * radius)))
    }

    /// Sampled k where (k+1) × the measured curve exceeds a bound's constant (given as log₁₀).
    func violations(constantLog10: Double) -> Int {
        k.indices.filter { j in Foundation.log10(measured[j] * Double(k[j] + 1)) > constantLog10 + 1e-12 }.count
    }
}

extension LemmaTwoAway {
    /// Measures every (direction, fraction); `distance` is ‖θ̂ − θ_init‖. `hvp` is at θ̂ over all objects; `curveAtMinimum`
    /// the θ̂ curve drawn with `permutations` orders from `permutationSeed`; `sampleObjects` the
    /// objects whose Hessian norm is measured along the segment.
    public static func measure(
        network: MLP<Float>, distance: Double, hvp: HessianVectorProduct, inputs: [Float], labels: [Int32],
        curveAtMinimum: ConvergenceCurve, permutations: Int, permutationSeed: UInt64,
        largestLoss: Double, largestGradient: Double, hessianAtMinimum: Double, theoremOne: LogValue,
        fractions: [Double], sampleObjects: [Int], seed: UInt64
    ) -> [LemmaTwoAway] {
        let p = network.architecture.parameterCount, m = labels.count
        var rng = SeededGenerator(seed: derivedSeed(seed, "random-direction"))
        let random = normalised((0..<p).map { _ in rng.nextGaussian() })
        let top = Lanczos.topEigenvector(dimension: p, steps: 20, seed: derivedSeed(seed, "top-eigenvector")) {
            hvp.apply($0, objects: 0..<min(m, 1_000))
        }.vector
        let sampled = ConvergenceCurve.sampleIndices(count: m - 1, points: 40)
        let sampleX = sampleObjects.flatMap { i in
            inputs[(i * hvp.network.architecture.inputs)..<((i + 1) * hvp.network.architecture.inputs)].map(Double.init)
        }
        let sampleY = sampleObjects.map { labels[$0] }
        func curve(_ values: [Double]) -> [Double] {
            let c = ConvergenceCurve(losses: values, permutations: permutations, emaFactor: 0.99, seed: permutationSeed)
            return sampled.map { c.mean[$0] }
        }
        return [(Direction.random, random), (.topEigenvector, top)].flatMap { direction, u in
            let slopes = hvp.directionalDerivatives(u)
            return fractions.map { fraction in
                let r = fraction * distance
                // The segment's middle and end: θ̂ + ½R·u and θ = θ̂ + R·u.
                let points = [0.5, 1.0].map { moved(network, u, $0 * r) }
                let losses = Evaluation.evaluate(points[1], inputs: inputs, labels: labels).losses.map {
                    $0.isFinite ? $0 : .greatestFiniteMagnitude
                }
                // ‖H_i‖₂ at the segment's middle and end, on the sampled objects.
                let segment =
                    points.map { point -> Double in
                        let at = HessianVectorProduct(
                            network: point.converted(to: Double.self), inputs: sampleX, labels: sampleY)
                        return PerObjectHessian(at, objects: Array(sampleObjects.indices)).spectralNorms(
                            steps: 12, seeds: sampleObjects.indices.map { derivedSeed(seed, "segment", "\($0)") }
                        ).max() ?? 0
                    }.max() ?? 0
                let mH = max(segment, hessianAtMinimum)
                let gradients = points.map { $0.perObjectGradientNorms(inputs, labels: labels).max() ?? 0 }
                let mG = ([largestGradient] + gradients).max()!
                var record = LemmaTwoAway(
                    direction: direction, fraction: fraction, radius: r, k: sampled.map { $0 + 1 },
                    measured: curve(losses), atMinimum: sampled.map { curveAtMinimum.mean[$0] },
                    firstOrder: curve(slopes.map { $0 * r }), segmentHessianMax: mH,
                    paperConstantLog10: (LogValue(2) * (LogValue(largestLoss) + theoremOne * LogValue(r * r))).log10,
                    measuredConstant: largestLoss + 2 * largestGradient * r + mH * r * r)
                record.segmentGradientMax = mG
                record.hessianFreeConstant = largestLoss + 2 * r * mG
                return record
            }
        }
    }

    static func normalised(_ v: [Double]) -> [Double] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? v.map { $0 / norm } : v
    }

    static func moved(_ network: MLP<Float>, _ u: [Double], _ r: Double) -> MLP<Float> {
        var out = network
        for j in out.parameters.indices { out.parameters[j] = Float(Double(out.parameters[j]) + r * u[j]) }
        return out
    }
}
