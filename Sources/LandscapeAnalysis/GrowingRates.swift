import Foundation
import LandscapeCore

/// The rates in k of one growing-sample quantity over a set of networks (one variant): each
/// network's fitted exponent under each protocol, their means with 95 % t-intervals, and the
/// paired difference growing − fixed, network by network (docs/growing-sample.md, "Rates").
public struct GrowingRates: Sendable {
    /// A mean over networks with its 95 % t-interval (mean ± t₀.₉₇₅(n − 1)·s/√n).
    public struct Mean: Sendable, Hashable {
        public let value: Double
        public let lower: Double
        public let upper: Double
        public let networks: Int

        /// nil for fewer than two values (no interval).
        public init?(_ values: [Double]) {
            let n = values.count
            guard n >= 2 else { return nil }
            let (mean, error) = TraceEstimate.meanAndError(values)
            let half = DecayExponent.studentT975(degrees: n - 1) * error
            value = mean
            lower = mean - half
            upper = mean + half
            networks = n
        }
    }

    public let quantity: GrowingQuantity
    public let growing: Mean?
    public let fixed: Mean?
    /// Over the networks with both exponents.
    public let difference: Mean?

    /// `target`: the spec's training-loss target, whose unreached sizes are not read (`curve`).
    public init(_ quantity: GrowingQuantity, records: [GrowingSample], trainedTo target: Double? = nil) {
        self.quantity = quantity
        let pairs = records.map {
            (quantity.exponent($0, .growing, trainedTo: target), quantity.exponent($0, .fixed, trainedTo: target))
        }
        growing = Mean(pairs.compactMap(\.0))
        fixed = Mean(pairs.compactMap(\.1))
        difference = Mean(pairs.compactMap { g, f in g.flatMap { g in f.map { g - $0 } } })
    }

    /// The paired difference's reading: the protocols' rates differ (the interval excludes 0),
    /// agree within ±`margin` (the interval lies inside it), or neither.
    public enum Comparison: String, Sendable {
        case differ, agree, undecided
    }

    /// ±0.1 in the exponent: finer than the grid's sizes resolve (a slope over one decade of k at
    /// a few points), and a tenth of the gap between the exchangeable rates −1 and −1.5 or −0.5.
    public static let agreementMargin = 0.1

    public var comparison: Comparison? {
        guard let d = difference else { return nil }
        if d.lower > 0 || d.upper < 0 { return .differ }
        if d.lower >= -Self.agreementMargin && d.upper <= Self.agreementMargin { return .agree }
        return .undecided
    }
}
