import Foundation

/// k*(ε): how many objects before a criterion settles below ε (docs/criteria.md).
public struct SufficientSampleSize: Codable, Hashable, Sendable {
    public let epsilon: Double
    /// The smallest sampled k with the curve ≤ ε at every sampled m ≥ k; nil if the last is above ε.
    public let settled: Int?
    /// The smallest sampled k with the curve ≤ ε (what a single crossing test reports).
    public let firstCrossing: Int?
    /// When the curve has not settled by its last k: where the fitted power law reaches ε.
    public let extrapolated: Double?

    /// k*, measured or extrapolated.
    public var value: Double? { settled.map(Double.init) ?? extrapolated }
    /// Whether the two definitions disagree.
    public var differs: Bool { settled != firstCrossing }

    public init(k: [Int], curve: [Double], epsilon: Double, fit: DecayFit?) {
        self.epsilon = epsilon
        firstCrossing = zip(k, curve).first { $0.1 <= epsilon }?.0
        var settled: Int? = nil
        for j in k.indices.reversed() {
            guard curve[j] <= epsilon else { break }
            settled = k[j]
        }
        self.settled = settled
        if settled == nil, let fit, fit.exponent < 0 {
            extrapolated = Foundation.pow(10, (Foundation.log10(epsilon) - fit.intercept) / fit.exponent)
        } else {
            extrapolated = nil
        }
    }

    /// The theory's k* from a bound C/(k+1)^p ≤ ε: (C/ε)^{1/p} − 1 (C as a log value: it may overflow).
    public static func fromBound(_ constant: LogValue, power: Double, epsilon: Double) -> LogValue {
        LogValue(log: (constant.log - Foundation.log(epsilon)) / power)
    }
}
