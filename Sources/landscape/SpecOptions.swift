import ArgumentParser
import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeData
import LandscapeEncoders
import LandscapeExperiment

/// Flags that choose and override the experiment spec (paper preset by default). Each flag's
/// text goes through the spec key of the same name (`SpecKey`), so a flag and a spec file's key
/// are read, checked, described and reported alike; `SpecKeyTests` checks every flag names a key.
struct SpecOptions: ParsableArguments {
    @Flag(help: "The small smoke preset instead of the paper's grid.") var quick = false
    @Option(help: ArgumentHelp("A YAML or JSON spec file (keys: \(SpecKey.helpList)).")) var spec: String?
    @Option(help: ArgumentHelp(SpecKey.flagHelp("datasets", list: true))) var datasets: String?
    @Option(help: ArgumentHelp(SpecKey.flagHelp("widths", list: true))) var widths: String?
    @Option(help: ArgumentHelp(SpecKey.flagHelp("depths", list: true))) var depths: String?
    @Option(help: ArgumentHelp(SpecKey.flagHelp("objects"))) var objects: Int?
    @Option(help: ArgumentHelp(SpecKey.flagHelp("epochs"))) var epochs: Int?
    @Option(help: ArgumentHelp(SpecKey.flagHelp("trainingTarget"))) var trainingTarget: Double?
    @Option(help: ArgumentHelp(SpecKey.flagHelp("permutations"))) var permutations: Int?
    @Option(help: ArgumentHelp(SpecKey.flagHelp("seeds", list: true))) var seeds: String?
    @Option(help: ArgumentHelp(SpecKey.flagHelp("radii", list: true))) var radii: String?
    @Option(help: ArgumentHelp(SpecKey.flagHelp("name"))) var name: String?
    @Flag(help: "Skip the Hessian measurements (training, curves and bounds only).") var noHessian = false
    @Option(help: ArgumentHelp(SpecKey.flagHelp("hessianSeeds"))) var hessianSeeds: Int?
    @Option(help: ArgumentHelp(SpecKey.flagHelp("criteria", list: true) + " `none` turns them off."))
    var criteria: String?
    @Option(help: ArgumentHelp(SpecKey.flagHelp("sigmas", list: true))) var sigmas: String?
    @Option(help: ArgumentHelp(SpecKey.flagHelp("subspaceDimensions", list: true))) var subspaceDimensions: String?
    @Option(help: ArgumentHelp(SpecKey.flagHelp("draws"))) var draws: Int?
    @Flag(help: "The criteria on every Hessian-measured configuration, not only the figure slices.") var criteriaAll =
        false

    /// The spec the flags choose, with its declared datasets read (their objects come back too,
    /// so the run does not read the files again).
    func resolved() throws -> (spec: ExperimentSpec, data: [DatasetName: Dataset]) {
        var s = quick ? ExperimentSpec.quick : ExperimentSpec.paper
        let file = try spec.map { try CommandLinePath.check($0, option: "--spec") }
        if let file { s = try ExperimentSpec.parse(file) }
        let lists: [(String, String?)] = [
            ("datasets", datasets), ("widths", widths), ("depths", depths), ("seeds", seeds),
            ("radii", radii), ("criteria", criteria == "none" ? "" : criteria), ("sigmas", sigmas),
            ("subspaceDimensions", subspaceDimensions),
        ]
        for case let (key, text?) in lists { try SpecKey.set(key, list: text, on: &s) }
        let values: [(String, String?)] = [
            ("objects", objects.map(String.init)), ("epochs", epochs.map(String.init)),
            ("trainingTarget", trainingTarget.map { "\($0)" }),
            ("permutations", permutations.map(String.init)), ("name", name),
            ("hessianSeeds", hessianSeeds.map(String.init)), ("draws", draws.map(String.init)),
            ("measureHessian", noHessian ? "false" : nil), ("criteriaAll", criteriaAll ? "true" : nil),
        ]
        for case let (key, text?) in values { try SpecKey.set(key, value: text, on: &s) }
        return try s.resolvingDatasets(declaredIn: file)
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
        commandName: "run",
        abstract: "Train every (dataset, h, N) of the spec and write the run folder (resumes what is done).")
    @OptionGroup var specOptions: SpecOptions
    @OptionGroup var runOptions: RunOptions
    @OptionGroup var data: DataOptions
    @Option(help: "Run only shard I of N (I/N, I from 1), or `auto` inside a Slurm array task; then `landscape merge`.")
    var shard: String?
    @Flag(help: "With --shard: only extract (and cache) this shard's share of the encoder features.") var featuresOnly =
        false

    func run() throws {
        let (spec, loaded) = try specOptions.resolved()
        guard let shard else {
            if featuresOnly { throw ValidationError("--features-only needs --shard") }
            try Self.execute(spec: spec, loaded: loaded, runOptions: runOptions, data: data)
            return
        }
        let s = try Shard.parse(shard)
        var runner = GridRunner(spec: spec, folder: try runOptions.folder(for: spec), catalog: data.catalog(loaded))
        runner.workers = max(1, runOptions.jobs)
        runner.force = runOptions.force
        if let path = runOptions.vitWeights { runner.encoderWeights[.vitB16] = URL(fileURLWithPath: path) }
        let t0 = monotonicSeconds()
        let outcome = try runner.runShard(s, featuresOnly: featuresOnly)
        print(
            String(
                format: "%@: shard %@: %d %@ (%d already done) in %.1f s", runner.store.folder.path, s.description,
                outcome.ran,
                featuresOnly ? "feature variants" : "configurations run", outcome.alreadyDone, monotonicSeconds() - t0))
    }

    @discardableResult
    static func execute(
        spec: ExperimentSpec, loaded: [DatasetName: Dataset], runOptions: RunOptions, data: DataOptions
    ) throws -> (Results, URL) {
        let folder = try runOptions.folder(for: spec)
        var runner = GridRunner(spec: spec, folder: folder, catalog: data.catalog(loaded))
        runner.workers = max(1, runOptions.jobs)
        runner.force = runOptions.force
        if let path = runOptions.vitWeights {
            let url = try CommandLinePath.check(path, option: "--vit-weights")
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw LandscapeError(file: path, "no such file (--vit-weights)")
            }
            runner.encoderWeights[.vitB16] = url
        }
        let t0 = monotonicSeconds()
        let results = try runner.run()
        let trained = results.configurations.filter { $0.status == .trained }.count
        print(
            String(
                format: "%@: %d configurations (%d trained, %d dead, %d diverged) in %.1f s",
                folder.path, results.configurations.count, trained,
                results.configurations.filter { $0.status == .dead }.count,
                results.configurations.filter { $0.status == .diverged }.count, monotonicSeconds() - t0))
        // Missing datasets once each, then encoders whose weights are missing (not every variant).
        for d in results.datasets where !d.present && d.encoder == nil {
            print(
                "  \(d.name.rawValue): missing — get it with `\(d.fetchCommand ?? DatasetCatalog.fetchCommand(d.name))`"
            )
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

struct SpecKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spec-keys",
        abstract: "Every spec key: its paper and quick values, its range and meaning (docs/spec-keys.md).")

    func run() throws { print(SpecKey.markdownTable, terminator: "") }
}
