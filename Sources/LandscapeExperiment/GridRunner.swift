import Foundation
import LandscapeCore
import LandscapeData
import LandscapeEncoders

/// Runs every (dataset, h, N) of a spec side by side, saving each configuration as it finishes,
/// skipping those a previous run finished, and assembling the run folder at the end.
public struct GridRunner {
    public let spec: ExperimentSpec
    public let store: RunStore
    public let catalog: DatasetCatalog
    public var workers = ParallelWork.defaultWorkers
    public var force = false
    public var quiet = false
    /// Encoder weights given on the command line (`--vit-weights`), looked at first.
    public var encoderWeights: [Encoder: URL] = [:]
    public var log: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }

    public init(spec: ExperimentSpec, folder: URL, catalog: DatasetCatalog) {
        self.spec = spec
        store = RunStore(folder: folder)
        self.catalog = catalog
    }

    /// Loads each dataset of the spec, recording the missing ones with the command that gets them,
    /// and for every dataset found, its features through each encoder of the spec (cached).
    /// `featuresOf`: extract features only for these encoder variants (a features shard); the
    /// others are neither extracted nor recorded.
    public func loadDatasets(
        featuresOf only: Set<Variant>? = nil
    ) throws -> (records: [DatasetRecord], data: [Variant: Dataset], heldOut: [Variant: Dataset]) {
        var records: [DatasetRecord] = [], data: [Variant: Dataset] = [:], heldOut: [Variant: Dataset] = [:]
        let datasets = spec.datasetDescriptors
        func record(_ v: Variant, _ d: Dataset?, _ held: Dataset? = nil, missing command: String) {
            records.append(
                DatasetRecord(
                    name: v.dataset, encoder: v.encoder, present: d != nil, objects: d?.count ?? 0,
                    features: v.features(datasets), classes: datasets[v.dataset]?.classes ?? 0,
                    inputBound: d?.largestInputNorm(),
                    classesPresent: d.map { Set($0.labels).count }, fetchCommand: d == nil ? command : nil,
                    heldOutObjects: held?.count))
            data[v] = d
            heldOut[v] = held
        }
        let encoders = EncoderCatalog(catalog: catalog, explicit: encoderWeights)
        var reported: Set<Encoder> = []
        for name in spec.datasets.sorted() {
            let pixels = Variant(dataset: name), descriptor = try datasets.descriptor(name)
            let encoderVariants = spec.variants.filter { $0.dataset == name && $0.encoder != nil }
            guard catalog.locate(descriptor) != nil else {
                record(pixels, nil, missing: DatasetCatalog.fetchCommand(name))
                log(
                    "\(name.rawValue): missing — \(name.isBuiltIn ? "get it with " : "")`\(DatasetCatalog.fetchCommand(name))`"
                )
                for v in encoderVariants { record(v, nil, missing: DatasetCatalog.fetchCommand(name)) }
                continue
            }
            let d = try catalog.load(descriptor, count: spec.objects)
            if d.count < spec.objects {
                log("\(name.rawValue): \(d.count) objects, fewer than objects = \(spec.objects); using all \(d.count)")
            }
            let held = spec.heldOutObjects > 0 ? try catalog.loadHeldOut(descriptor, count: spec.heldOutObjects) : nil
            if spec.heldOutObjects > 0 && held == nil {
                log("\(name.rawValue): no held-out objects found (no test split beside the training files)")
            }
            record(pixels, d, held, missing: "")
            for v in encoderVariants {
                let e = v.encoder!
                if let only, !only.contains(v) { continue }
                guard let weights = encoders.locate(e) else {
                    record(v, nil, missing: e.setupCommand)
                    if reported.insert(e).inserted {
                        log("\(e.rawValue): weights missing — to add it, run `\(e.setupCommand)`")
                    }
                    continue
                }
                let cache = FeatureCache(folder: catalog.cache.appendingPathComponent("features"))
                record(
                    v, try cache.features(of: d, encoder: e, weights: weights, workers: workers, log: log),
                    try held.map {
                        try cache.features(of: $0, encoder: e, weights: weights, workers: workers, log: log)
                    },
                    missing: "")
            }
        }
        return (records, data, heldOut)
    }

    /// The variants whose data (and encoder weights) can be found now, without loading them.
    func locatableVariants() -> Set<Variant> {
        let encoders = EncoderCatalog(catalog: catalog, explicit: encoderWeights)
        let datasets = spec.datasetDescriptors
        return Set(
            spec.variants.filter { v in
                datasets[v.dataset].flatMap(catalog.locate) != nil
                    && v.encoder.map { encoders.locate($0) != nil } ?? true
            })
    }

    /// Runs what is not done yet and writes the run folder. Returns the results.
    @discardableResult
    public func run() throws -> Results {
        try spec.validate()
        // Before the folder is made: a run that cannot fit leaves nothing behind.
        try spec.checkMemory(workers: workers, variants: spec.variants)
        let started = monotonicSeconds()
        try store.checkOwnership()
        let lock = try RunFolderLock(folder: store.folder)
        defer { withExtendedLifetime(lock) {} }
        if let old = try? store.readSpec(), old != spec {
            guard force else {
                throw LandscapeError(
                    file: store.folder.path,
                    "holds results of a different spec; pass --force to replace them, or choose another --out")
            }
        }
        if !force, let problem = store.staleResults() {
            log("\(store.folder.path): \(problem); recomputing")
            store.clear()
        }
        if force { store.clear() }
        store.removeStaleTemporaries()
        try store.writeSpec(self.spec)
        // Nothing to run (a committed report on a fresh clone): answer without loading data or
        // extracting features, as long as the same datasets and encoders are found as then.
        if !force, let existing = try? store.readResults(), existing.schemaVersion == Results.currentSchema,
            existing.spec == spec
        {
            let present = locatableVariants()
            if Set(existing.datasets.filter(\.present).map(\.variant)) == present,
                Set(existing.configurations.map(\.id)) == Set(spec.configurations(for: Array(present)).map(\.id))
            {
                log(
                    "\(store.folder.path): all \(existing.configurations.count) configurations already done (use --force to redo)"
                )
                try store.restoreCurves(existing)
                return existing
            }
        }
        let clock = StageClock()
        let (records, data, heldOut) = try clock.time(.data) { try loadDatasets() }
        try store.writeDatasets(records)
        let all = spec.configurations(for: records.filter(\.present).map(\.variant))
        var (done, seconds, existing) = try store.finished(spec: spec)
        done = done.filter { id, _ in all.contains { $0.id == id } }
        let todo = all.filter { done[$0.id] == nil }
        if todo.isEmpty, let existing, existing.configurations.count == all.count, existing.datasets == records {
            log("\(store.folder.path): all \(all.count) configurations already done (use --force to redo)")
            try store.restoreCurves(existing)
            return existing
        }
        if !todo.isEmpty {
            log(
                "\(todo.count) of \(all.count) configurations to run on \(workers) worker(s)\(done.isEmpty ? "" : "; \(done.count) already done")"
            )
        }
        let (newResults, newSeconds) = try execute(todo, data: data, heldOut: heldOut, records: records, clock: clock)
        done.merge(newResults) { $1 }
        seconds.merge(newSeconds) { $1 }
        let results = Results(spec: spec, datasets: records, configurations: Array(done.values))
        let provenance = Provenance.current(
            workers: workers, totalSeconds: monotonicSeconds() - started,
            configurationSeconds: seconds.filter { id, _ in done[id] != nil }, stageSeconds: clock.seconds)
        try store.finish(results, provenance: provenance)
        if !todo.isEmpty { log("seconds per stage (summed over workers):\n" + StageClock.table(clock.seconds)) }
        return results
    }
}

extension GridRunner {
    /// Trains `todo` side by side (longest first), saving each as it finishes.
    func execute(
        _ todo: [Configuration], data: [Variant: Dataset], heldOut: [Variant: Dataset] = [:], records: [DatasetRecord],
        clock: StageClock = StageClock()
    ) throws -> ([String: ConfigurationResult], [String: Double]) {
        let progress = ProgressReporter(total: todo.count, label: "run", quiet: quiet)
        let datasets = spec.datasetDescriptors
        let order = todo.indices.sorted {
            ConfigurationRun.cost(todo[$0], datasets) > ConfigurationRun.cost(todo[$1], datasets)
        }
        let spec = self.spec, store = self.store
        let inputBounds = Dictionary(
            uniqueKeysWithValues: records.compactMap { r in r.inputBound.map { (r.variant, $0) } })
        let done = try ParallelWork.map(todo.count, order: order, workers: workers) { i in
            let c = todo[i]
            let t0 = monotonicSeconds()
            let (result, losses, weights) = try ConfigurationRun.run(
                c, data: data[c.variant]!, heldOut: heldOut[c.variant], inputBound: inputBounds[c.variant]!, spec: spec,
                clock: clock)
            let s = monotonicSeconds() - t0
            try clock.time(.saving) { try store.save(result, losses: losses, weights: weights, seconds: s, spec: spec) }
            progress.step(c.id + (result.status == .trained ? "" : " (\(result.status.rawValue))"))
            return (result: result, seconds: s)
        }
        let ids = todo.map(\.id)
        return (
            Dictionary(uniqueKeysWithValues: zip(ids, done.map(\.result))),
            Dictionary(uniqueKeysWithValues: zip(ids, done.map(\.seconds)))
        )
    }
}
