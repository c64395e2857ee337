import Foundation

/// The stages a run's time is reported in (provenance.json `stageSeconds`, the end-of-run table),
/// in pipeline order. Declared once: the table and the provenance keys follow this list.
public enum PipelineStage: String, CaseIterable, Sendable {
    case data = "data, features"
    case training = "training"
    case losses = "losses"
    case curves = "curves"
    case slices = "slices"
    case hessian = "Hessian"
    case spectrum = "spectrum"
    case criteria = "criteria"
    case neighbourhood = "neighbourhood"
    case growingSample = "growing sample"
    case surfaces = "surfaces"
    case saving = "saving"
}

/// Seconds spent in each stage of a run, summed over the configurations that ran in this process
/// (with several workers a sum of thread seconds, which can exceed the wall time). Timings go to
/// provenance.json, never to results.json.
public final class StageClock: Sendable {
    private let totals = Locked<[PipelineStage: Double]>([:])

    public init() {}

    /// Runs `body`, adding its wall time to `stage`; `within`: a stage timed around this one, from
    /// which the time is taken back so that no second is counted twice.
    public func time<T>(
        _ stage: PipelineStage, within outer: PipelineStage? = nil, _ body: () throws -> T
    ) rethrows
        -> T
    {
        let start = monotonicSeconds()
        defer {
            let spent = monotonicSeconds() - start
            totals.withLock {
                $0[stage, default: 0] += spent
                if let outer { $0[outer, default: 0] -= spent }
            }
        }
        return try body()
    }

    /// The totals so far, by stage name.
    public var seconds: [String: Double] {
        totals.withLock { t in Dictionary(uniqueKeysWithValues: t.map { ($0.key.rawValue, $0.value) }) }
    }

    /// One line per stage that took time, in pipeline order, with its share of the sum.
    public static func table(_ seconds: [String: Double]) -> String {
        let total = seconds.values.reduce(0, +)
        return PipelineStage.allCases.compactMap { s -> String? in
            guard let t = seconds[s.rawValue], t > 0 else { return nil }
            let share = total > 0 ? 100 * t / total : 0
            return "  \(s.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0))"
                + "\(String(format: "%9.1f s %5.1f %%", t, share))"
        }.joined(separator: "\n")
    }
}
