import ArgumentParser
import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeData
import LandscapeEncoders
import LandscapeExperiment

/// Flags that choose and override the experiment spec (paper preset by default).
struct SpecOptions: ParsableArguments {
    @Flag(help: "The small smoke preset instead of the paper's grid.") var quick = false
    @Option(help: "A YAML or JSON spec file (keys: name, datasets (built-in names, or declarations: name, path, format, label, labels, normalise, side, channels, description, maxPixels), widths, depths, objects, epochs, batchSize, learningRate, permutations, emaFactor, seeds, radii, bias, measureHessian, hessianSeeds, encoders; criteria, sigmas, subspaceDimensions, draws, probes, subspaceObjects, subspaceMonteCarlo, tailFrom, epsilons, criteriaAll).")
    var spec: String?
    @Option(help: "Comma-separated datasets (mnist, fashion-mnist, cifar10, cifar100).") var datasets: String?
    @Option(help: "Comma-separated hidden widths h.") var widths: String?
    @Option(help: "Comma-separated numbers of hidden layers N.") var depths: String?
    @Option(help: "Objects of each training split.") var objects: Int?
    @Option(help: "Training epochs.") var epochs: Int?
    @Option(help: "Permutations averaged per curve.") var permutations: Int?
    @Option(help: "Comma-separated training seeds (each configuration is trained once per seed).") var seeds: String?
    @Option(help: "Comma-separated radii for Lemma 2 off θ̂, as fractions of ‖θ̂ − θ_init‖.") var radii: String?
    @Option(help: "Run name (the output folder's name).") var name: String?
    @Flag(help: "Skip the Hessian measurements (training, curves and bounds only).") var noHessian = false
    @Option(help: "How many of the seeds (the first ones) get the Hessian measurements.") var hessianSeeds: Int?
    @Option(help: "Criteria beyond the paper: comma-separated gaussian, subspace; or none.") var criteria: String?
    @Option(help: "Comma-separated perturbation scales σ of the Gaussian and subspace criteria.") var sigmas: String?
    @Option(help: "Comma-separated subspace dimensions D (a number, K, or a multiple such as 4K).") var subspaceDimensions: String?
    @Option(help: "Monte-Carlo draws per σ (even: antithetic pairs).") var draws: Int?
    @Flag(help: "The criteria on every Hessian-measured configuration, not only the figure slices.") var criteriaAll = false

    func resolved() throws -> ExperimentSpec {
        var s = quick ? ExperimentSpec.quick : ExperimentSpec.paper
        if let spec { s = try ExperimentSpec.load(CommandLinePath.check(spec, option: "--spec")) }
        if let datasets {
            s.datasets = try list(datasets, "--datasets") { DatasetName(userSpelling: $0) }
        }
        if let widths { s.widths = try list(widths, "--widths") { Int($0) } }
        if let depths { s.depths = try list(depths, "--depths") { Int($0) } }
        if let objects { s.objects = objects }
        if let epochs { s.training.epochs = epochs }
        if let permutations { s.permutations = permutations }
        if let seeds { s.seeds = try list(seeds, "--seeds") { UInt64($0) } }
        if let radii { s.radii = try list(radii, "--radii") { Double($0) } }
        if let name { s.name = name }
        if noHessian { s.measureHessian = false }
        if let hessianSeeds { s.hessianSeeds = hessianSeeds }
        if let criteria {
            s.criteria.kinds = criteria == "none" ? [] : try list(criteria, "--criteria") { CriteriaSettings.Kind(rawValue: $0.lowercased()) }
        }
        if let sigmas { s.criteria.sigmas = try list(sigmas, "--sigmas") { Double($0) } }
        if let subspaceDimensions { s.criteria.dimensions = try list(subspaceDimensions, "--subspace-dimensions") { $0 } }
        if let draws { s.criteria.draws = draws }
        if criteriaAll { s.criteria.allConfigurations = true }
        try s.validate()
        return s
    }

    func list<T>(_ text: String, _ flag: String, _ parse: (String) -> T?) throws -> [T] {
        try text.split(separator: ",").map { part in
            let item = part.trimmingCharacters(in: .whitespaces)
            guard let value = parse(item) else { throw ValidationError("\(flag): cannot read '\(item)'") }
            return value
        }
    }
}

struct RunOptions: ParsableArguments {
    @Option(help: "Output folder (default: reports/<name>).") var out: String?
    @Option(help: "Configurations run side by side (default: all cores).") var jobs = ParallelWork.defaultWorkers
    @Flag(help: "Redo every configuration, replacing earlier results.") var force = false
    @Option(help: "The ViT-B/16 weights (google/vit-base-patch16-224's model.safetensors).") var vitWeights: String?

    func folder(for spec: ExperimentSpec) throws -> URL {
        try CommandLinePath.check(out ?? "reports/\(spec.name)", option: "--out")
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Train every (dataset, h, N) of the spec and write the run folder (resumes what is done).")
    @OptionGroup var specOptions: SpecOptions
    @OptionGroup var runOptions: RunOptions
    @OptionGroup var data: DataOptions
    @Option(help: "Run only shard I of N (I/N, I from 1), or `auto` inside a Slurm array task; then `landscape merge`.") var shard: String?
    @Flag(help: "With --shard: only extract (and cache) this shard's share of the encoder features.") var featuresOnly = false

    func run() throws {
        let spec = try specOptions.resolved()
        guard let shard else {
            if featuresOnly { throw ValidationError("--features-only needs --shard") }
            try Self.execute(spec: spec, runOptions: runOptions, data: data)
            return
        }
        let s = try Shard.parse(shard)
        var runner = GridRunner(spec: spec, folder: try runOptions.folder(for: spec), catalog: data.catalog)
        runner.workers = max(1, runOptions.jobs)
        runner.force = runOptions.force
        if let path = runOptions.vitWeights { runner.encoderWeights[.vitB16] = URL(fileURLWithPath: path) }
        let t0 = monotonicSeconds()
        let outcome = try runner.runShard(s, featuresOnly: featuresOnly)
        print(String(format: "%@: shard %@: %d %@ (%d already done) in %.1f s", runner.store.folder.path, s.description, outcome.ran,
                     featuresOnly ? "feature variants" : "configurations run", outcome.alreadyDone, monotonicSeconds() - t0))
    }

    @discardableResult
    static func execute(spec: ExperimentSpec, runOptions: RunOptions, data: DataOptions) throws -> (Results, URL) {
        let folder = try runOptions.folder(for: spec)
        var runner = GridRunner(spec: spec, folder: folder, catalog: data.catalog)
        runner.workers = max(1, runOptions.jobs)
        runner.force = runOptions.force
        if let path = runOptions.vitWeights {
            let url = try CommandLinePath.check(path, option: "--vit-weights")
            guard FileManager.default.fileExists(atPath: url.path) else { throw LandscapeError(file: path, "no such file (--vit-weights)") }
            runner.encoderWeights[.vitB16] = url
        }
        let t0 = monotonicSeconds()
        let results = try runner.run()
        let trained = results.configurations.filter { $0.status == .trained }.count
        print(String(format: "%@: %d configurations (%d trained, %d dead, %d diverged) in %.1f s",
                     folder.path, results.configurations.count, trained,
                     results.configurations.filter { $0.status == .dead }.count,
                     results.configurations.filter { $0.status == .diverged }.count, monotonicSeconds() - t0))
        // Missing datasets once each, then encoders whose weights are missing (not every variant).
        for d in results.datasets where !d.present && d.encoder == nil {
            print("  \(d.name.rawValue): missing — get it with `\(d.fetchCommand ?? DatasetCatalog.fetchCommand(d.name))`")
        }
        let present = Set(results.datasets.filter { $0.present && $0.encoder == nil }.map(\.name))
        var encoders: [Encoder] = []
        for d in results.datasets where !d.present && present.contains(d.name) {
            if let e = d.encoder, !encoders.contains(e) { encoders.append(e) }
        }
        for e in encoders { print("  \(e.rawValue) weights: missing — to add it, run `\(e.setupCommand)`") }
        return (results, folder)
    }
}
