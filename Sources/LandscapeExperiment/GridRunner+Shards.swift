import Foundation
import LandscapeCore
import LandscapeData

/// Sharded runs and their merge: any number of shards, on any machines sharing the run folder,
/// each writing only its own per-configuration files (atomically); `merge` assembles the folder.
extension GridRunner {
    /// What a shard did.
    public struct ShardOutcome: Sendable {
        public let assigned: Int
        public let ran: Int
        public let alreadyDone: Int
    }

    /// Runs this shard's configurations that are not done yet. Takes no folder lock, clears
    /// nothing and leaves other processes' temporary files alone (they may live on another node).
    /// `featuresOnly`: extract (and cache) this shard's share of the encoder variants, nothing else.
    @discardableResult
    public func runShard(_ shard: Shard, featuresOnly: Bool = false) throws -> ShardOutcome {
        try spec.validate()
        guard !force else {
            throw LandscapeError(
                "--force cannot be combined with --shard: clear the folder with a whole run, or choose another --out")
        }
        try store.checkOwnership()
        try FileManager.default.createDirectory(at: store.folder, withIntermediateDirectories: true)
        if let old = try? store.readSpec(), old != spec {
            throw LandscapeError(
                file: store.folder.path,
                "holds results of a different spec; every shard must use the same spec (or choose another --out)")
        }
        try store.writeSpec(spec)
        if featuresOnly {
            let mine = shard.featureVariants(of: spec)
            log(
                "shard \(shard): features of \(mine.isEmpty ? "no variant" : mine.map(\.fileStem).joined(separator: ", "))"
            )
            _ = try loadDatasets(featuresOf: Set(mine))
            return ShardOutcome(assigned: mine.count, ran: mine.count, alreadyDone: 0)
        }
        let mine = shard.configurations(of: spec)
        let (records, data, heldOut) = try loadDatasets()
        try store.writeDatasets(records)
        let all = spec.configurations(for: records.filter(\.present).map(\.variant)).filter { mine.contains($0.id) }
        let done = try store.finished(spec: spec).results
        let todo = all.filter { done[$0.id] == nil }
        log("shard \(shard): \(todo.count) of its \(all.count) configurations to run on \(workers) worker(s)")
        _ = try execute(todo, data: data, heldOut: heldOut, records: records)
        return ShardOutcome(assigned: all.count, ran: todo.count, alreadyDone: all.count - todo.count)
    }
}

/// `landscape merge`: assembles results.json, curves.csv and provenance.json from the shards'
/// per-configuration files. results.json is byte-identical to a one-machine run of the spec.
public enum RunMerge {
    /// Some configurations are not done: the ids, in canonical order.
    public struct Incomplete: Error, CustomStringConvertible {
        public let folder: String
        public let missing: [String]
        public let total: Int
        public var description: String { "\(folder): \(missing.count) of \(total) configurations are still missing" }
    }

    @discardableResult
    public static func merge(folder: URL) throws -> Results {
        let store = RunStore(folder: folder)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw LandscapeError(file: folder.path, "no such run folder (merge assembles a folder the shards wrote)")
        }
        try store.checkOwnership()
        let lock = try RunFolderLock(folder: folder)
        defer { withExtendedLifetime(lock) {} }
        guard let spec = try store.readSpec() else {
            throw LandscapeError(file: store.specURL.path, "no spec.json: run the shards first")
        }
        guard let records = try store.readDatasets() else {
            throw LandscapeError(file: store.datasetsURL.path, "no datasets.json: run the shards first")
        }
        let (done, seconds, _) = try store.finished(spec: spec)
        let all = spec.configurations(for: records.filter(\.present).map(\.variant))
        let missing = all.filter { done[$0.id] == nil }.map(\.id)
        guard missing.isEmpty else { throw Incomplete(folder: folder.path, missing: missing, total: all.count) }
        let ids = Set(all.map(\.id))
        let results = Results(spec: spec, datasets: records, configurations: done.values.filter { ids.contains($0.id) })
        let kept = seconds.filter { ids.contains($0.key) }
        try store.finish(
            results,
            provenance: Provenance.current(
                workers: 0, totalSeconds: kept.values.reduce(0, +), configurationSeconds: kept))
        return results
    }
}
