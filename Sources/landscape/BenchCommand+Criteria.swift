import ArgumentParser
import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeData
import LandscapeExperiment
import LandscapeModel

extension BenchCommand {
    struct Criteria: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Time the criteria beyond the paper, part by part, on one trained network (default spec settings).")
        @OptionGroup var one: OneNetworkOptions

        func run() throws {
            let (name, data, arch) = try one.load()
            let network = one.train(name, data, arch).network
            let (width, depth) = (one.width, one.depth)
            let settings = CriteriaSettings(), permutations = ExperimentSpec.paper.permutations
            let n = arch.parameterCount, m = data.count
            let sampled = ConvergenceCurve.sampleIndices(count: m - 1, points: ConfigurationRun.criteriaPoints)
            func time(_ what: String, _ body: () -> Void) -> Double { timed(what, body).seconds }
            print("\(name.rawValue), h = \(width), N = \(depth): N = \(n) parameters, m = \(m) objects, one core")
            var total = 0.0
            total += time("Δ₂ Monte Carlo, \(settings.sigmas.count) σ × \(settings.draws) draws") {
                _ = MonteCarloCriterion.measure(
                    network: network, inputs: data.inputs, labels: data.labels, sigmas: settings.sigmas,
                    draws: settings.draws,
                    permutations: permutations, permutationSeed: 1, sampled: sampled, tailFrom: settings.tailFrom,
                    seed: 1
                ) { rng in
                    (0..<n).map { _ in rng.nextGaussian() }
                }
            }
            var hvp: HessianVectorProduct!, kernel: HessianProductKernel<Float>!, losses: [Double] = []
            total += time("forward pass kept for H·v (Double, and its Float copy)") {
                hvp = HessianVectorProduct(
                    network: network.converted(to: Double.self), inputs: data.inputs.map(Double.init),
                    labels: data.labels)
                kernel = hvp.kernel.converted(to: Float.self)
                losses = hvp.losses()
            }
            total += time("Hutchinson moments, \(settings.probes) probes") {
                var rng = SeededGenerator(seed: 2)
                _ = GaussianMoments.hutchinson(
                    ProjectedMoments(
                        kernel, losses: losses,
                        directions: (0..<settings.probes).map { _ in (0..<n).map { _ in rng.nextGaussian() } }))
            }
            let d = settings.resolvedDimensions(classes: arch.classes, limit: n).last ?? 1
            var u: [[Double]] = []
            total += time(
                "top-\(d) eigenvectors of H^(\(settings.subspaceObjects)) and H^(\(settings.subspaceObjects / 10))"
            ) {
                for k in [settings.subspaceObjects, settings.subspaceObjects / 10] {
                    let top = Lanczos.topEigenvectors(dimension: n, count: d, steps: min(n, d + 20), seed: 3) {
                        hvp.apply($0, objects: 0..<min(m, k))
                    }
                    if u.isEmpty { u = top.vectors }
                }
            }
            total += time("per-object UᵀH_iU and Uᵀ∇ℓ_i, D = \(d), and the moments") {
                let p = ProjectedMoments(kernel, losses: losses, directions: u)
                for dim in settings.resolvedDimensions(classes: arch.classes, limit: n) {
                    _ = GaussianMoments.subspace(p, dimension: dim)
                }
            }
            print(String(format: "total %.2f s", total))
            // The parts above leave out the spectrum and the controls; each registered criterion
            // whole is what a run pays for it (the figure network adds the spectrum's details).
            print("each criterion as a run measures it:")
            let runs = LandscapeAnalysis.Criteria.all.map { ($0, false) } + [(SpectrumCriterion.self, true)]
            for (criterion, figure) in runs {
                var only = settings
                only.kinds = [criterion.name]
                let subject = CriterionSubject(
                    network: network, inputs: data.inputs, labels: data.labels, settings: only, sampled: sampled,
                    permutations: permutations, permutationSeed: 1, seed: 4, figure: figure)
                _ = time("  \(criterion.name.rawValue)\(figure ? " with the figure network's details" : "")") {
                    _ = CriteriaMeasurement.measure(
                        subject, largestLoss: 0, largestGradient: 0, largestHessian: 0, theoremOne: LogValue(1))
                }
            }
        }
    }
}

/// One network of the paper's grid on one dataset, trained as a run trains it: what the
/// single-network benchmarks measure.
struct OneNetworkOptions: ParsableArguments {
    @OptionGroup var options: DataOptions
    @Option(help: "Dataset.") var dataset = "mnist"
    @Option(help: "Hidden width h.") var width = 16
    @Option(help: "Hidden layers N.") var depth = 5
    @Option(help: "Objects.") var objects = 10_000

    /// The dataset's first `objects` and the architecture on it.
    func load() throws -> (DatasetName, Dataset, MLPArchitecture) {
        let name = try DatasetOption.builtIn(dataset)
        let data = try options.catalog.load(DatasetDescriptors.builtIn.descriptor(name), count: objects)
        return (
            name, data, MLPArchitecture(inputs: data.features, width: width, hiddenLayers: depth, classes: data.classes)
        )
    }

    /// Trained from the configuration's own seed (first spec seed).
    func train(_ name: DatasetName, _ data: Dataset, _ arch: MLPArchitecture) -> TrainingOutcome<Float> {
        Trainer.train(
            arch, inputs: data.inputs, labels: data.labels,
            seed: Configuration(dataset: name, width: width, hiddenLayers: depth).seed)
    }
}
