import Foundation

/// The seeds of one architecture (h, N) on one variant: what figures, findings and diff average
/// over. Only trained members enter the statistics; the others are counted, never averaged.
public struct SeedGroup: Sendable {
    public let variant: Variant
    public let width: Int
    public let hiddenLayers: Int
    /// Every seed's result, by seed.
    public let members: [ConfigurationResult]

    public var trained: [ConfigurationResult] { members.filter(\.isTrained) }
    public var architectureID: String { members[0].architectureID }

    /// Across-seed mean and spread of one number of the trained members.
    public func statistic(_ value: (ConfigurationResult) -> Double?) -> SeedStatistic {
        SeedStatistic(trained.compactMap(value))
    }

    /// The across-seed mean and standard deviation, pointwise in k, of a sampled curve of the
    /// trained members (every seed samples the same k). nil when none trained.
    public func curve(_ values: (ConfigurationResult) -> [Double]) -> (k: [Int], mean: [Double], sd: [Double])? {
        let t = trained
        guard let first = t.first else { return nil }
        let columns = t.map(values)
        let stats = first.curve.k.indices.map { j in SeedStatistic(columns.map { $0[j] }) }
        return (first.curve.k, stats.map(\.mean), stats.map(\.sd))
    }

    /// Groups every configuration of `results` by variant and architecture, in canonical order.
    public static func groups(_ results: Results) -> [SeedGroup] {
        var order: [String] = []
        var byID: [String: [ConfigurationResult]] = [:]
        for c in results.configurations {
            if byID[c.architectureID] == nil { order.append(c.architectureID) }
            byID[c.architectureID, default: []].append(c)
        }
        return order.map { id in
            let members = byID[id]!.sorted { ($0.globalSeed ?? 0) < ($1.globalSeed ?? 0) }
            return SeedGroup(
                variant: members[0].variant, width: members[0].width, hiddenLayers: members[0].hiddenLayers,
                members: members)
        }
    }
}

/// Mean, sample standard deviation (n − 1; 0 for one value) and range of a few numbers.
public struct SeedStatistic: Hashable, Sendable {
    public let values: [Double]
    public var count: Int { values.count }
    public var mean: Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }
    public var sd: Double {
        guard values.count > 1 else { return 0 }
        let m = mean
        return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
    }
    public var min: Double { values.min() ?? .nan }
    public var max: Double { values.max() ?? .nan }

    public init(_ values: [Double]) { self.values = values }
}
