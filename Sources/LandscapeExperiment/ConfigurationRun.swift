import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeData
import LandscapeModel

/// Trains one network of the grid and measures everything the report needs from it.
public enum ConfigurationRun {
    /// Points kept per sampled curve in results.json.
    public static let curvePoints = 400

    /// Sample sizes of the landscape slices (Figure 1 analogue), capped at the objects used.
    public static let sliceSampleSizes = [10, 100, 1_000, 10_000, 60_000]

    /// Whether `c` gets landscape slices: the configuration both paper figures share (h = 16, N = 5),
    /// or the grid's middle one when the grid lacks it.
    public static func wantsSlice(_ c: Configuration, spec: ExperimentSpec) -> Bool {
        let h = spec.widths.contains(16) ? 16 : spec.widths.sorted()[spec.widths.count / 2]
        let n = spec.depths.contains(5) ? 5 : spec.depths.sorted()[spec.depths.count / 2]
        return c.width == h && c.hiddenLayers == n
    }

    /// Returns the result and the per-object losses ℓ_i(θ̂) (Double, m values).
    public static func run(_ c: Configuration, data: Dataset, inputBound: Double, spec: ExperimentSpec) throws -> (ConfigurationResult, [Double]) {
        let seed = c.seed(global: spec.seed)
        let arch = MLPArchitecture(inputs: data.features, width: c.width, hiddenLayers: c.hiddenLayers, classes: data.classes, bias: spec.bias)
        let outcome = Trainer.train(arch, inputs: data.inputs, labels: data.labels, settings: spec.training, seed: seed)
        let evaluation = Evaluation.evaluate(outcome.network, inputs: data.inputs, labels: data.labels)
        var losses = evaluation.losses
        if outcome.divergence != nil { losses = losses.map { $0.isFinite ? $0 : .greatestFiniteMagnitude } }
        let m = losses.count
        let mean = losses.reduce(0, +) / Double(m)
        let deviation = losses.reduce(0) { $0 + abs($1 - mean) } / Double(m)
        let spreadOfLosses = (losses.max() ?? 0) - (losses.min() ?? 0)
        let dead = outcome.divergence == nil && spreadOfLosses <= 1e-12 * max(1, abs(mean))
        let status: ConfigurationResult.Status = outcome.divergence != nil ? .diverged : dead ? .dead : .trained

        let constants = try NetworkConstants(network: outcome.network, inputBound: inputBound, losses: losses)
        let curve = ConvergenceCurve(losses: losses, permutations: spec.permutations, emaFactor: spec.emaFactor,
                                     seed: derivedSeed(seed, "permutations"))
        let finalK = m - 1
        let radii = [0.0] + spec.radii.filter { $0 > 0 }
        let slice = wantsSlice(c, spec: spec) && status != .diverged
            ? LandscapeSlice(network: outcome.network, inputs: data.inputs, labels: data.labels,
                             sampleSizes: sliceSampleSizes.filter { $0 < m } + [m], seed: derivedSeed(seed, "slice-direction"))
            : nil
        let hessian = spec.measureHessian && status != .diverged
            ? HessianMeasurement(network: outcome.network, inputs: data.inputs, labels: data.labels, theoremOne: constants.theoremOne,
                                 largestLoss: constants.largestLoss, radii: spec.radii, permutations: min(spec.permutations, 20),
                                 withSpectrum: wantsSlice(c, spec: spec), seed: derivedSeed(seed, "hessian"))
            : nil
        let result = ConfigurationResult(
            id: c.id, dataset: c.dataset, encoder: c.variant.encoder, width: c.width, hiddenLayers: c.hiddenLayers,
            linearLayers: arch.linearLayers, parameterCount: arch.parameterCount, seed: seed,
            status: status, divergence: outcome.divergence, epochs: outcome.epochs,
            meanLoss: mean, accuracy: evaluation.accuracy(labels: data.labels), lossDeviation: deviation,
            constants: constants, theoremOne: BoundValue(constants.theoremOne),
            lemmaOne: BoundValue(constants.lemmaOne(width: c.width)),
            lemmaOneHolds: LemmaOneBound.spectralBound(width: c.width, largestWeight: constants.largestWeight) >= constants.spectralBound,
            curve: SampledCurve(curve, points: curvePoints),
            finalK: finalK, finalMean: curve.mean[finalK - 1], finalEMA: curve.ema[finalK - 1],
            lemmaTwoAtFinalK: radii.map { RadiusBound(radius: $0, bound: BoundValue(constants.lemmaTwo(k: finalK, radius: $0))) },
            slice: slice, hessian: hessian)
        return (result, losses)
    }

    /// Relative cost, for handing out the longest configurations first.
    public static func cost(_ c: Configuration) -> Double {
        cost(c, features: c.variant.features)
    }

    public static func cost(_ c: Configuration, features: Int) -> Double {
        Double(c.width) * Double(features + c.width * c.hiddenLayers + 10)
    }
}
