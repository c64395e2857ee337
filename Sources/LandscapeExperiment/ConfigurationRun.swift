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
    /// The sample sizes of the 2-D surfaces (the paper's Figure 1), besides m.
    public static let surfaceSampleSizes = [10, 100, 1_000]

    /// Whether `c` gets landscape slices and the Hessian spectrum: the configuration both paper
    /// figures share (h = 16, N = 5, or the grid's middle one when the grid lacks it), first seed.
    public static func wantsSlice(_ c: Configuration, spec: ExperimentSpec) -> Bool {
        c.width == spec.figureWidth && c.hiddenLayers == spec.figureDepth && c.globalSeed == spec.seeds.min()
    }

    /// Whether `c` gets the Lemma 2 study off θ̂: the first seed's networks on the paper's two figure
    /// slices (h varying at the figure depth, or L varying at the figure width). One seed keeps
    /// the cost of a multi-seed run down; the findings pool the study over the slice's networks.
    public static func inFigureSlices(_ c: Configuration, spec: ExperimentSpec) -> Bool {
        (c.width == spec.figureWidth || c.hiddenLayers == spec.figureDepth) && c.globalSeed == spec.seeds.min()
    }

    /// Whether `c` gets the criteria beyond the paper: the Hessian-measured networks of the figure
    /// slices (every Hessian-measured one with `allConfigurations`).
    public static func wantsCriteria(_ c: Configuration, spec: ExperimentSpec) -> Bool {
        spec.criteria.isOn && spec.measuresHessian(seed: c.globalSeed)
            && (spec.criteria.allConfigurations || inFigureSlices(c, spec: spec))
    }

    /// Points kept per criterion curve (log-spaced, always with the last k).
    public static let criteriaPoints = 60

    /// Returns the result, the per-object losses ℓ_i(θ̂) (Double, m values) and θ̂ with θ_init as
    /// safetensors (`NetworkWeights`). `heldOut`: objects it is not trained on, whose losses are
    /// measured beside the training ones.
    public static func run(
        _ c: Configuration, data: Dataset, heldOut: Dataset? = nil, inputBound: Double, spec: ExperimentSpec,
        clock: StageClock = StageClock()
    ) throws -> (ConfigurationResult, [Double], Data) {
        let seed = c.seed
        let arch = MLPArchitecture(
            inputs: data.features, width: c.width, hiddenLayers: c.hiddenLayers, classes: data.classes, bias: spec.bias)
        let outcome = clock.time(.training) {
            Trainer.train(arch, inputs: data.inputs, labels: data.labels, settings: spec.training, seed: seed)
        }
        let evaluation = clock.time(.losses) {
            Evaluation.evaluate(outcome.network, inputs: data.inputs, labels: data.labels)
        }
        var losses = evaluation.losses
        if outcome.divergence != nil { losses = losses.map { $0.isFinite ? $0 : .greatestFiniteMagnitude } }
        let m = losses.count
        let mean = losses.reduce(0, +) / Double(m)
        let deviation = losses.reduce(0) { $0 + abs($1 - mean) } / Double(m)
        let spreadOfLosses = (losses.max() ?? 0) - (losses.min() ?? 0)
        let dead = outcome.divergence == nil && spreadOfLosses <= 1e-12 * max(1, abs(mean))
        let accuracy = evaluation.accuracy(labels: data.labels)
        let status: ConfigurationResult.Status =
            outcome.divergence != nil
            ? .diverged
            : dead
                ? .dead
                : accuracy <= chanceLevel(classes: data.classes) ? .untrained : .trained

        // Finite and not dead: worth measuring beyond the curve (criteria, held-out, neighbourhood).
        let usable = status == .trained || status == .untrained
        let constants = try NetworkConstants(network: outcome.network, inputBound: inputBound, losses: losses)
        let permutationSeed = derivedSeed(seed, "permutations")
        let sampled = ConvergenceCurve.sampleIndices(count: m - 1, points: criteriaPoints)
        let curve = clock.time(.curves) {
            ConvergenceCurve(
                losses: losses, permutations: spec.permutations, emaFactor: spec.emaFactor, seed: permutationSeed,
                recordAt: spec.criteria.isOn ? sampled : [])
        }
        let finalK = m - 1
        let slice =
            wantsSlice(c, spec: spec) && status != .diverged
            ? clock.time(.slices) {
                LandscapeSlice.measure(
                    network: outcome.network, inputs: data.inputs, labels: data.labels,
                    sampleSizes: sliceSampleSizes.filter { $0 < m } + [m], seed: derivedSeed(seed, "slice-direction"))
            }
            : nil
        let surface = spec.surfaceGrid.flatMap { side in
            wantsSlice(c, spec: spec) && usable
                ? clock.time(.surfaces) {
                    LandscapeSurface.measure(
                        network: outcome.network, inputs: data.inputs, labels: data.labels,
                        sampleSizes: surfaceSampleSizes.filter { $0 < m } + [m], side: side,
                        seed: derivedSeed(seed, "surface-directions"))
                }
                : nil
        }
        let initial = MLP<Float>(architecture: arch, seed: Trainer.initialisationSeed(seed))
        let away =
            inFigureSlices(c, spec: spec)
            ? HessianMeasurement.AwayInputs(
                curve: curve, permutations: spec.permutations, permutationSeed: permutationSeed, fractions: spec.radii)
            : nil
        let hessian =
            spec.measuresHessian(seed: c.globalSeed) && status != .diverged
            ? clock.time(.hessian) {
                HessianMeasurement.measure(
                    network: outcome.network, initial: initial, inputs: data.inputs, labels: data.labels,
                    constants: constants, away: away, withSpectrum: wantsSlice(c, spec: spec),
                    seed: derivedSeed(seed, "hessian"), clock: clock)
            }
            : nil
        let criteria =
            wantsCriteria(c, spec: spec) && usable
            ? clock.time(.criteria) {
                CriteriaMeasurement.measure(
                    CriterionSubject(
                        network: outcome.network, inputs: data.inputs, labels: data.labels, settings: spec.criteria,
                        sampled: sampled, permutations: spec.permutations, permutationSeed: permutationSeed,
                        seed: derivedSeed(seed, "criteria"), figure: wantsSlice(c, spec: spec)),
                    largestLoss: constants.largestLoss, largestGradient: hessian?.gradient?.max ?? 0,
                    largestHessian: hessian?.fullSample.max() ?? 0, theoremOne: constants.theoremOne)
            }
            : nil
        let decay =
            spec.criteria.isOn
            ? clock.time(.curves) {
                DecayExponent.fit(
                    k: sampled.map { $0 + 1 }, replicates: curve.replicates, from: spec.criteria.tailFrom,
                    seed: derivedSeed(seed, "decay"))
            }
            : nil
        let heldOutRecord = heldOut.flatMap { h in
            usable
                ? clock.time(.curves) {
                    HeldOutRecord.measure(
                        network: outcome.network, data: h, permutations: spec.permutations,
                        emaFactor: spec.emaFactor, seed: derivedSeed(seed, "held-out"))
                }
                : nil
        }
        let distance = clock.time(.curves) {
            ConvergenceDistance(losses: losses, permutations: spec.permutations, seed: derivedSeed(seed, "distance"))
        }
        let neighbourhood =
            inFigureSlices(c, spec: spec) && usable
            ? clock.time(.neighbourhood) {
                NeighbourhoodDistance.measure(
                    network: outcome.network, inputs: data.inputs, labels: data.labels,
                    seed: derivedSeed(seed, "neighbourhood"))
            }
            : nil
        let growing =
            wantsGrowingSample(c, spec: spec) && usable && (heldOut?.count ?? 0) > 0
            ? clock.time(.growingSample) {
                growingSample(
                    c, architecture: arch, data: data, heldOut: heldOut, spec: spec, trained: outcome.network,
                    trainedEpochs: outcome.epochs.count, initial: initial)
            }
            : nil
        let radii = [0.0] + (hessian?.initialDistance.map { d in spec.radii.map { $0 * d } } ?? [])
        var result = ConfigurationResult(
            id: c.id, dataset: c.dataset, encoder: c.variant.encoder, width: c.width, hiddenLayers: c.hiddenLayers,
            linearLayers: arch.linearLayers, parameterCount: arch.parameterCount, globalSeed: c.globalSeed, seed: seed,
            status: status, divergence: outcome.divergence, epochs: outcome.epochs,
            meanLoss: mean, accuracy: accuracy, lossDeviation: deviation,
            constants: constants, theoremOne: BoundValue(constants.theoremOne),
            lemmaOne: BoundValue(constants.lemmaOne(width: c.width)),
            lemmaOneHolds: LemmaOneBound.spectralBound(width: c.width, largestWeight: constants.largestWeight)
                >= constants.spectralBound,
            correctedTheoremOne: spec.bias
                ? nil
                : BoundValue(
                    CorrectedTheoremOneBound.gaussNewton(
                        spectralBound: constants.spectralBound, inputBound: constants.inputBound,
                        linearLayers: constants.linearLayers)),
            correctedTheoremOneFull: spec.bias
                ? nil
                : BoundValue(
                    CorrectedTheoremOneBound.full(
                        spectralBound: constants.spectralBound, inputBound: constants.inputBound,
                        linearLayers: constants.linearLayers)),
            curve: SampledCurve(curve, points: curvePoints),
            finalK: finalK, finalMean: curve.mean[finalK - 1], finalEMA: curve.ema[finalK - 1],
            lemmaTwoAtFinalK: radii.map {
                RadiusBound(radius: $0, bound: BoundValue(constants.lemmaTwo(k: finalK, radius: $0)))
            },
            slice: slice, hessian: hessian, decay: decay, criteria: criteria, heldOut: heldOutRecord,
            distance: distance, neighbourhood: neighbourhood)
        result.growingSample = growing
        result.surface = surface
        return (result, losses, try NetworkWeights.encode(id: c.id, trained: outcome.network, initial: initial))
    }

    /// Train accuracy at or below which a network counts as untrained: 1.5 × chance.
    public static func chanceLevel(classes: Int) -> Double { 1.5 / Double(classes) }

    /// Relative cost, for handing out the longest configurations first.
    public static func cost(_ c: Configuration, _ datasets: DatasetDescriptors) -> Double {
        cost(c, features: c.variant.features(datasets))
    }

    public static func cost(_ c: Configuration, features: Int) -> Double {
        Double(c.width) * Double(features + c.width * c.hiddenLayers + 10)
    }
}
