import ArgumentParser
import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeData
import LandscapeEncoders
import LandscapeExperiment
import LandscapeModel

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks (speed is measured here, never in tests).",
        subcommands: [
            Train.self, Load.self, Scale.self, Hessian.self, Curves.self, Encode.self, Criteria.self, Spectrum.self,
        ])

    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Time loading + normalising each dataset found.")
        @OptionGroup var options: DataOptions
        @Option(help: "Objects to load (0 = all).") var objects = 10_000

        func run() throws {
            let catalog = options.catalog
            for descriptor in DatasetDescriptor.builtIn {
                let name = descriptor.name
                guard let location = catalog.locate(descriptor) else { print(pad(name, 15) + "missing"); continue }
                let t0 = monotonicSeconds()
                let d = try catalog.load(descriptor, count: objects == 0 ? nil : objects)
                print(
                    pad(name, 15) + pad(location.layout.formatName, 22)
                        + String(format: "%6d objects  %.3f s", d.count, monotonicSeconds() - t0))
            }
        }
    }

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train the paper's 25-network grid on FashionMNIST's first 10,000 objects.")
        @OptionGroup var options: DataOptions
        @Option(help: "Dataset.") var dataset = "fashion-mnist"
        @Option(help: "Objects.") var objects = 10_000
        @Option(help: "Epochs.") var epochs = 10
        @Option(help: "Configurations run side by side (default: all cores).") var jobs = ParallelWork.defaultWorkers

        func run() throws {
            let name = try DatasetOption.builtIn(dataset)
            let data = try options.catalog.load(DatasetDescriptors.builtIn.descriptor(name), count: objects)
            let paper = ExperimentSpec.paper
            let grid = paper.widths.flatMap { h in paper.depths.map { (h, $0) } }
            var trainingSettings = TrainingSettings()
            trainingSettings.epochs = epochs
            let settings = trainingSettings
            let peak = measuredSGEMMPeak()
            let inputs = data.inputs, labels = data.labels
            let t0 = monotonicSeconds()
            // Largest first, so the last configuration to start is a short one.
            let order = grid.indices.sorted { grid[$0].0 * (grid[$0].1 + 8) > grid[$1].0 * (grid[$1].1 + 8) }
            let rows = try ParallelWork.map(grid.count, order: order, workers: jobs) { i in
                let (h, n) = grid[i]
                let arch = MLPArchitecture(inputs: data.features, width: h, hiddenLayers: n, classes: data.classes)
                let s = monotonicSeconds()
                let outcome = Trainer.train(
                    arch, inputs: inputs, labels: labels, settings: settings,
                    seed: Configuration(dataset: name, width: h, hiddenLayers: n, globalSeed: paper.seeds[0]).seed)
                let eval = Evaluation.evaluate(outcome.network, inputs: inputs, labels: labels)
                let seconds = monotonicSeconds() - s
                let flops = outcome.flops + arch.forwardFLOPs * Double(labels.count)
                return (seconds, flops, eval.accuracy(labels: labels))
            }
            let wall = monotonicSeconds() - t0
            print("   h    N   seconds   GFLOP/s   train acc")
            for (i, (h, n)) in grid.enumerated() {
                let (s, f, acc) = rows[i]
                print(String(format: "%4d %4d %9.3f %9.1f %11.4f", h, n, s, f / s / 1e9, acc))
            }
            let total = rows.reduce(0) { $0 + $1.1 }
            let floor = total / (peak * 1e9 * Double(jobs))
            print(
                String(
                    format:
                        "total: %.2f s wall, %.3g FLOP, %.1f GFLOP/s; sgemm peak %.1f GFLOP/s/core × %d → floor %.2f s, ratio %.2f×; peak RSS %.0f MiB",
                    wall, total, total / wall / 1e9, peak, jobs, floor, wall / floor, peakResidentMiB()))
        }
    }
}

extension BenchCommand {
    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time an encoder's features of dataset images, side by side on all cores.")
        @OptionGroup var options: DataOptions
        @Option(help: "Dataset.") var dataset = "mnist"
        @Option(help: "Images.") var objects = 200
        @Option(help: "Workers.") var jobs = ParallelWork.defaultWorkers
        @Option(help: "efficientnet-lite0 or vit-b16.") var encoder = "efficientnet-lite0"
        @Option(help: "Weights file (default: the catalog's).") var weights: String?
        @Flag(
            help: "Time the architecture with random weights of the real shapes (ViT-B/16 when its weights are absent)."
        ) var randomWeights = false

        func run() throws {
            let name = try DatasetOption.builtIn(dataset)
            guard let kind = Encoder(rawValue: encoder) else { throw ValidationError("unknown encoder '\(encoder)'") }
            let data = try options.catalog.load(DatasetDescriptors.builtIn.descriptor(name), count: objects)
            var file =
                try weights.map { URL(fileURLWithPath: $0) }
                ?? (randomWeights ? nil : EncoderCatalog(catalog: options.catalog).weights(kind))
            var temporary: URL?
            if file == nil {
                guard kind == .vitB16 else { throw ValidationError("--random-weights is for vit-b16") }
                temporary = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "landscape-random-vit-\(UUID().uuidString).safetensors")
                try VisionTransformer.writeRandom(.base16, to: temporary!)
                file = temporary
            }
            defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
            let model = try kind.load(file!)
            let t0 = monotonicSeconds()
            _ = try FeatureExtraction.features(model, data: data, workers: jobs, progress: nil)
            let s = monotonicSeconds() - t0
            print(
                String(
                    format: "%@: %d images in %.2f s: %.1f images/s (%d workers); 10,000 images ≈ %.0f s",
                    kind.displayName, data.count, s, Double(data.count) / s, jobs, 10_000 * s / Double(data.count)))
        }
    }

    struct Curves: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time the post-processing of every curve of a run folder from its saved per-object losses.")
        @Argument(help: "A run folder.") var folder = "reports/paper"

        func run() throws {
            let store = RunStore(folder: URL(fileURLWithPath: folder))
            guard let results = try store.readResults() else {
                throw LandscapeError(file: store.resultsURL.path, "no results")
            }
            let losses = try results.configurations.map { c in
                try NPY.decodeDoubles(Data(contentsOf: store.lossesURL(c.id)), file: store.lossesURL(c.id).path).values
            }
            let t0 = monotonicSeconds()
            for (c, l) in zip(results.configurations, losses) {
                _ = SampledCurve(
                    ConvergenceCurve(
                        losses: l, permutations: results.spec.permutations, emaFactor: results.spec.emaFactor,
                        seed: derivedSeed(c.seed, "permutations")),
                    points: ConfigurationRun.curvePoints)
            }
            print(
                String(
                    format: "%d curves (%d permutations of %d losses each): %.3f s on one core", losses.count,
                    results.spec.permutations, losses.first?.count ?? 0, monotonicSeconds() - t0))
        }
    }
}

/// Runs `body` and prints what it timed and its seconds as one aligned line (the benches' parts).
func timed<T>(_ what: String, _ body: () throws -> T) rethrows -> (value: T, seconds: Double) {
    let t0 = monotonicSeconds()
    let value = try body()
    let seconds = monotonicSeconds() - t0
    print(what.padding(toLength: 72, withPad: " ", startingAt: 0) + String(format: "%8.2f s", seconds))
    return (value, seconds)
}

/// Single-thread sgemm throughput on a large square product: the arithmetic floor's yardstick.
/// The best of ten products, since a peak is a maximum (one timing varied by ±20 % on a VM).
func measuredSGEMMPeak() -> Double {
    let n = 1024
    let a = [Float](repeating: 0.5, count: n * n), b = [Float](repeating: 0.25, count: n * n)
    var c = [Float](repeating: 0, count: n * n)
    BLAS.gemm(false, false, m: n, n: n, k: n, a, b, &c)
    var best = Double.infinity
    for _ in 0..<10 {
        let t0 = monotonicSeconds()
        BLAS.gemm(false, false, m: n, n: n, k: n, a, b, &c)
        best = min(best, monotonicSeconds() - t0)
    }
    return 2 * Double(n * n * n) / best / 1e9
}
