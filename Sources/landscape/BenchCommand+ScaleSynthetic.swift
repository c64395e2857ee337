import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeData
import LandscapeExperiment
import LandscapeModel

extension BenchCommand.Scale {
    /// Features and classes of the synthetic objects: 10 Gaussian classes in 64 dimensions.
    static let syntheticFeatures = 64, syntheticClasses = 10

    /// The curve and criteria stages alone on a declared `.npy` dataset of `count` synthetic
    /// objects, written to a folder this bench makes and removes, and read through the declared-
    /// dataset path a user's file takes. θ̂ is trained once on the first 10,000 objects; each m
    /// then takes the first m objects: their losses, the convergence curve and the criteria (the
    /// default settings, without the figure network's spectral details).
    func runSynthetic(count: Int, sizes: [Int]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "landscape-bench-synthetic-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (n, k) = (Self.syntheticFeatures, Self.syntheticClasses)
        let (x, y) = Self.synthetic(count: count, features: n, classes: k, seed: 1)
        let xFile = folder.appendingPathComponent("x.npy")
        try NPY.encode(x, shape: [count, n]).write(to: xFile)
        try NPY.encode(y, shape: [count]).write(to: folder.appendingPathComponent("y.npy"))
        var t0 = monotonicSeconds()
        let (data, _) = try DeclaredDataset.load(
            DatasetDeclaration(name: "synthetic", path: xFile.path, format: NPYReader.name))
        print(String(format: "read %d × %d declared objects (.npy): %.1f s", data.count, n, monotonicSeconds() - t0))
        let arch = MLPArchitecture(inputs: n, width: width, hiddenLayers: depth, classes: k)
        var settings = TrainingSettings()
        settings.epochs = epochs
        let trainedOn = min(10_000, data.count)
        let network = Trainer.train(
            arch, inputs: Array(data.inputs.prefix(trainedOn * n)), labels: Array(data.labels.prefix(trainedOn)),
            settings: settings, seed: 1
        ).network
        let spec = ExperimentSpec.paper
        var rows: [Row] = []
        for m in sizes.sorted() where m <= data.count {
            let inputs = Array(data.inputs.prefix(m * n)), labels = Array(data.labels.prefix(m))
            let clock = StageClock()
            t0 = monotonicSeconds()
            let losses = clock.time(.losses) { Evaluation.evaluate(network, inputs: inputs, labels: labels).losses }
            let sampled = ConvergenceCurve.sampleIndices(count: m - 1, points: ConfigurationRun.criteriaPoints)
            _ = clock.time(.curves) {
                ConvergenceCurve(
                    losses: losses, permutations: spec.permutations, emaFactor: spec.emaFactor, seed: 1,
                    recordAt: sampled)
            }
            _ = clock.time(.criteria) {
                CriteriaMeasurement.measure(
                    CriterionSubject(
                        network: network, inputs: inputs, labels: labels, settings: spec.criteria, sampled: sampled,
                        permutations: spec.permutations, permutationSeed: 1, seed: 2),
                    largestLoss: losses.max() ?? 0, largestGradient: 0, largestHessian: 0, theoremOne: LogValue(1))
            }
            rows.append(Row(m: m, seconds: clock.seconds, wall: monotonicSeconds() - t0, rss: peakResidentMiB()))
            print(String(format: "m = %d: %.1f s, peak RSS %.0f MiB so far", m, rows.last!.wall, rows.last!.rss))
        }
        Self.table(rows)
    }

    /// `count` objects of `classes` Gaussian classes: x = μ_y + 1.5·noise, class means 𝒩(0, I),
    /// labels in turn (balanced); Float32, the labels as whole numbers.
    static func synthetic(count: Int, features n: Int, classes k: Int, seed: UInt64) -> ([Float], [Float]) {
        var rng = SeededGenerator(seed: seed)
        let means = (0..<(k * n)).map { _ in rng.nextGaussian() }
        var x = [Float](repeating: 0, count: count * n), y = [Float](repeating: 0, count: count)
        x.withUnsafeMutableBufferPointer { x in
            for i in 0..<count {
                let c = i % k
                y[i] = Float(c)
                for j in 0..<n { x[i * n + j] = Float(means[c * n + j] + 1.5 * rng.nextGaussian()) }
            }
        }
        return (x, y)
    }
}
