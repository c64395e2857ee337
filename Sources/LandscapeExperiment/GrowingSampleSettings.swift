/// The growing-sample protocol's settings (docs/growing-sample.md): which networks get it and
/// the sample sizes k at which θ̂ₖ is trained (m is always added). Training follows the spec's
/// own rule — its epochs, or its `trainingTarget` — so that θ̂_m is the fixed protocol's θ̂.
public struct GrowingSampleSettings: Codable, Hashable, Sendable {
    public enum Scope: String, Codable, Sendable, CaseIterable {
        /// Not measured.
        case off
        /// The paper's two figure slices of every variant, every seed.
        case figures
        /// Every trained configuration.
        case all
    }

    public var scope = Scope.figures
    /// Sizes k < m (log-spaced by default); larger ones are dropped, m is added.
    public var sizes = [100, 200, 500, 1_000, 2_000, 5_000]

    public init() {}

    /// The sizes measured for m objects: the listed ones below m, ascending, then m.
    public func sizes(objects m: Int) -> [Int] { Array(Set(sizes.filter { $0 >= 1 && $0 < m })).sorted() + [m] }

    enum CodingKeys: String, CodingKey { case scope, sizes }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        scope = try c.decodeIfPresent(Scope.self, forKey: .scope) ?? scope
        sizes = try c.decodeIfPresent([Int].self, forKey: .sizes) ?? sizes
    }
}
