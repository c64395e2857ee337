import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeData
import LandscapeModel

/// One network's losses on objects it was never trained on (the test split's first
/// `heldOutObjects`): their mean and accuracy, the curve |ℒ_{k+1} − ℒ_k| and the distance
/// |ℒ_k − ℒ_n| over random orders of them, as on the training objects (docs/findings.md,
/// "Held-out objects"). The paper measures only training losses of the objects θ̂ was fitted on.
public struct HeldOutRecord: Codable, Hashable, Sendable {
    public let objects: Int
    public let meanLoss: Double
    public let accuracy: Double
    /// Mean absolute deviation of the held-out losses.
    public let lossDeviation: Double
    public let curve: SampledCurve
    /// The largest k (objects − 1).
    public let finalK: Int
    public let distance: ConvergenceDistance

    /// Points kept per held-out curve.
    public static let curvePoints = 200

    /// Measures `network` on `data` (held-out objects), with the training protocol's permutations.
    public static func measure(
        network: MLP<Float>, data: Dataset, permutations: Int, emaFactor: Double, seed: UInt64
    ) -> HeldOutRecord? {
        guard data.count >= 2 else { return nil }
        let evaluation = Evaluation.evaluate(network, inputs: data.inputs, labels: data.labels)
        let losses = evaluation.losses.map { $0.isFinite ? $0 : .greatestFiniteMagnitude }
        let n = losses.count
        let mean = losses.reduce(0, +) / Double(n)
        let curve = ConvergenceCurve(
            losses: losses, permutations: permutations, emaFactor: emaFactor, seed: derivedSeed(seed, "curve"))
        return HeldOutRecord(
            objects: n, meanLoss: mean, accuracy: evaluation.accuracy(labels: data.labels),
            lossDeviation: losses.reduce(0) { $0 + abs($1 - mean) } / Double(n),
            curve: SampledCurve(curve, points: curvePoints), finalK: n - 1,
            distance: ConvergenceDistance(
                losses: losses, permutations: permutations, seed: derivedSeed(seed, "distance")))
    }

    /// The level of the held-out curve's end, as `ConfigurationResult.endLevel` takes it.
    public var endLevel: Double { curve.endLevel(finalK: finalK) }
    /// (k+1) × the end level, as `ConfigurationResult.scaledEndLevel`.
    public var scaledEndLevel: Double { endLevel * Double(finalK + 1) }

    /// Held-out minus training mean loss: the generalisation gap at θ̂.
    public func generalisationGap(trainingLoss: Double) -> Double { meanLoss - trainingLoss }
}
