import Foundation

/// A quantity of the growing-sample protocol, declared once: its id (findings, tables, diffs), its
/// label, how its curve in k is read before a power law is fitted, and the rate exchangeability
/// sets under the fixed protocol (docs/growing-sample.md, "Rates"). The report's rates table, the
/// findings and `landscape diff` iterate `all`; adding one here adds it everywhere.
public struct GrowingQuantity: Sendable, Identifiable {
    /// How a curve is read.
    public enum Reading: String, Sendable {
        /// The value itself.
        case level
        /// |q(k) − q(m)|: the distance to the end value at θ̂_m on all m objects, which both
        /// protocols share.
        case fromEnd
    }

    /// Where the value is read.
    enum Source: Sendable {
        /// A view's field: at θ̂ₖ (growing) and at θ̂_m on the same first k (fixed).
        case view(@Sendable (GrowingSample.View) -> Double?)
        /// A point's own field, growing only: under the fixed protocol θ̂ does not move with k,
        /// so it is zero (or undefined) by construction.
        case point(@Sendable (GrowingSample.Point) -> Double?)
    }

    public let id: String
    public let label: String
    public let reading: Reading
    /// The exponent b of k^b that exchangeability gives the fixed protocol; nil where the
    /// quantity has no fixed counterpart.
    public let exchangeable: Double?
    let source: Source
    /// Whether a training-loss target fixes it at θ̂ₖ by construction (ℒₖ(θ̂ₖ) is trained to the
    /// target at every k): its growing rate is then no finding.
    public internal(set) var heldByTarget = false

    /// Whether both protocols measure it (so their rates can be compared).
    public var comparable: Bool {
        if case .view = source { return true }
        return false
    }

    public static let all: [GrowingQuantity] = [
        .init(
            id: "difference", label: "E|ℒₖ₊₁ − ℒₖ|", reading: .level, exchangeable: -1,
            source: .view(\.difference)),
        .init(
            id: "gap-part", label: "|gap part|", reading: .level, exchangeable: -1.5,
            source: .view { abs($0.gapPart) }),
        .init(id: "spread-part", label: "spread part", reading: .level, exchangeable: -1, source: .view(\.spreadPart)),
        .init(
            id: "gaussian", label: "Δ₂ (Gaussian, smallest σ)", reading: .level, exchangeable: -2,
            source: .view(\.gaussian)),
        .init(id: "gradient", label: "‖∇ℒₖ‖", reading: .level, exchangeable: -0.5, source: .view(\.gradient)),
        .init(
            id: "next-gradient", label: "‖∇ℒₖ₊₁‖ (rms)", reading: .level, exchangeable: -0.5,
            source: .view(\.nextGradient)),
        .init(
            id: "loss", label: "ℒₖ", reading: .fromEnd, exchangeable: -0.5, source: .view(\.loss), heldByTarget: true),
        .init(
            id: "largest-eigenvalue", label: "λₘₐₓ(H⁽ᵏ⁾)", reading: .fromEnd, exchangeable: -0.5,
            source: .view(\.largestEigenvalue)),
        .init(id: "trace", label: "tr H⁽ᵏ⁾", reading: .fromEnd, exchangeable: -0.5, source: .view(\.trace)),
        .init(id: "full-loss", label: "ℒₘ(θ̂ₖ)", reading: .fromEnd, exchangeable: nil, source: .point(\.fullLoss)),
        .init(
            id: "held-out-loss", label: "held-out loss at θ̂ₖ", reading: .fromEnd, exchangeable: nil,
            source: .point(\.heldOutLoss)),
        .init(
            id: "parameter-distance", label: "‖θ̂ₖ − θ̂ₘ‖ ÷ ‖θ̂ₘ − θ_init‖", reading: .level, exchangeable: nil,
            source: .point(\.parameterDistance)),
    ]

    public static func named(_ id: String) -> GrowingQuantity? { all.first { $0.id == id } }

    /// The protocol a curve is read under: θ̂ₖ trained on the first k, or θ̂_m throughout.
    public enum ProtocolKind: String, Sendable, CaseIterable {
        case growing, fixed
    }

    /// The raw value at a point (no reading applied); nil where the protocol has none.
    public func value(_ p: GrowingSample.Point, _ under: ProtocolKind) -> Double? {
        switch (source, under) {
        case (.view(let f), .growing): f(p.growing)
        case (.view(let f), .fixed): p.fixed.flatMap(f)
        case (.point(let f), .growing): f(p)
        case (.point, .fixed): nil
        }
    }

    /// The read curve over the sizes k < m: (k, value or |value − end|), finite values only. The
    /// end is the last point's growing value (k = m, θ̂_m = θ̂); empty when the record has no k = m.
    /// With a training-loss target only the sizes whose θ̂ₖ reached it (ℒₖ(θ̂ₖ) ≤ target) are read,
    /// under both protocols, so that a rate compares optima fitted alike and the paired
    /// difference reads the same sizes (docs/growing-sample.md, "Rates").
    public func curve(
        _ g: GrowingSample, _ under: ProtocolKind, trainedTo target: Double? = nil
    ) -> [(
        k: Int, value: Double
    )] {
        guard let last = g.points.last, last.k == g.objects, let end = value(last, .growing) else { return [] }
        return g.points.dropLast().compactMap { p in
            if let target, !(p.growing.loss <= target) { return nil }
            guard let v = value(p, under), v.isFinite else { return nil }
            return (p.k, reading == .level ? v : abs(v - end))
        }
    }

    /// The exponent of a power law fitted to the read curve by least squares on log–log axes
    /// (positive values, at least three sizes, reached the target where one is given); nil when
    /// there are fewer.
    public func exponent(_ g: GrowingSample, _ under: ProtocolKind, trainedTo target: Double? = nil) -> Double? {
        let c = curve(g, under, trainedTo: target)
        return DecayExponent.leastSquares(k: c.map(\.k), values: c.map(\.value), from: 1)?.slope
    }
}
