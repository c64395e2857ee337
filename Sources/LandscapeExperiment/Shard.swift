import Foundation
import LandscapeCore
import LandscapeData

/// One of N shards of a grid (`--shard I/N`, I from 1): configurations are dealt out by estimated
/// cost, largest first, each to the shard with the least cost so far, so shards finish together.
/// The assignment depends on the spec alone (every variant it names, found or not), never on
/// which data a machine has or on timing, so every shard of an array agrees on it.
public struct Shard: Hashable, Sendable, CustomStringConvertible {
    /// 1…count.
    public let index: Int
    public let count: Int

    public static let limit = 10_000

    public init(index: Int, count: Int) throws {
        guard (1...Self.limit).contains(count), (1...count).contains(index) else {
            throw LandscapeError("--shard \(index)/\(count): need 1 ≤ I ≤ N ≤ \(Self.limit)")
        }
        self.index = index
        self.count = count
    }

    public var description: String { "\(index)/\(count)" }

    /// "I/N", or "auto" inside a Slurm array task (SLURM_ARRAY_TASK_ID, _MIN and _COUNT).
    public static func parse(
        _ text: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Shard {
        if text == "auto" {
            guard let id = environment["SLURM_ARRAY_TASK_ID"].flatMap(Int.init),
                let total = environment["SLURM_ARRAY_TASK_COUNT"].flatMap(Int.init)
            else {
                throw LandscapeError(
                    "--shard auto: not inside a Slurm array task (SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT are not set)"
                )
            }
            let first = environment["SLURM_ARRAY_TASK_MIN"].flatMap(Int.init) ?? 1
            return try Shard(index: id - first + 1, count: total)
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw LandscapeError("--shard '\(text)': expected I/N (such as 2/8) or auto")
        }
        return try Shard(index: i, count: n)
    }

    /// Shard (0-based) of each configuration, in the order given.
    public static func assignment(_ configurations: [Configuration], shards: Int, datasets: DatasetDescriptors) -> [Int]
    {
        var load = [Double](repeating: 0, count: shards)
        var out = [Int](repeating: 0, count: configurations.count)
        let order = configurations.indices.sorted {
            let (a, b) = (
                ConfigurationRun.cost(configurations[$0], datasets), ConfigurationRun.cost(configurations[$1], datasets)
            )
            return a != b ? a > b : configurations[$0].id < configurations[$1].id
        }
        for i in order {
            let s = load.indices.min { load[$0] != load[$1] ? load[$0] < load[$1] : $0 < $1 }!
            out[i] = s
            load[s] += ConfigurationRun.cost(configurations[i], datasets)
        }
        return out
    }

    /// This shard's configurations of `spec` (over every variant the spec names).
    public func configurations(of spec: ExperimentSpec) -> Set<String> {
        let all = spec.configurations(for: spec.variants)
        let assigned = Self.assignment(all, shards: count, datasets: spec.datasetDescriptors)
        return Set(all.indices.filter { assigned[$0] == index - 1 }.map { all[$0].id })
    }

    /// This shard's encoder variants for feature extraction: the i-th feature variant goes to
    /// shard i mod N, so N shards extract up to N variants side by side.
    public func featureVariants(of spec: ExperimentSpec) -> [Variant] {
        let features = spec.variants.filter { $0.encoder != nil }
        return features.indices.filter { $0 % count == index - 1 }.map { features[$0] }
    }
}

extension ExperimentSpec {
    /// Every variant the spec names: each dataset's pixels, and for image datasets its features
    /// through each encoder.
    public var variants: [Variant] {
        datasets.sorted().flatMap { d in
            [Variant(dataset: d)]
                + (datasetDescriptors[d]?.isImage ?? false ? encoders.map { Variant(dataset: d, encoder: $0) } : [])
        }
    }
}
