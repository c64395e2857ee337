import Foundation

/// The eigenvalues that stand out of the bulk (docs/spectrum.md): the bulk edge is where the
/// broadened density, walking up from its peak, falls below that of one isolated eigenvalue at
/// its own peak (N·ρ(λ)·σ·√(2π) < 1: less than one eigenvalue per resolution width); an outlier
/// is a Ritz value whose eigenvalue lies, whatever its residual, more than `margin` widths above it.
public struct OutlierCount: Codable, Hashable, Sendable {
    /// The estimated bulk edge and the broadening width σ it was found at.
    public let bulkEdge: Double
    public let width: Double
    /// The outliers: Ritz values θ with θ − residual above bulkEdge + margin·σ, descending.
    public let eigenvalues: [Double]
    /// Ritz values above that line whose residual reaches below it (counted apart: Lanczos has
    /// not resolved them; many means the count is a lower bound).
    public let unconverged: Int

    public var count: Int { eigenvalues.count }

    /// Widths between the edge and the first outlier: the broadened tail of the bulk reaches
    /// about 2σ past its last eigenvalue.
    public static let margin = 2.0
    /// A Ritz value drawn as an eigenvalue (the figures' tops) has a residual below this fraction of max|θ|.
    public static let tolerance = 1e-3

    public init(bulkEdge: Double, width: Double, eigenvalues: [Double], unconverged: Int) {
        self.bulkEdge = bulkEdge
        self.width = width
        self.eigenvalues = eigenvalues
        self.unconverged = unconverged
    }

    /// The count on a measured spectrum: the edge from all runs' density, the Ritz values of the
    /// first run (one Lanczos process: each eigenvalue appears once).
    /// `width`: the broadening the edge is found at (the documented σ when nil; the findings
    /// also count at 4σ, to see whether the count is the spectrum's or the resolution's).
    public static func measure(_ q: SpectralQuadrature, width chosen: Double? = nil) -> OutlierCount {
        let width = chosen ?? q.width
        let grid = SpectralQuadrature.grid([q], width: width)
        let density = q.density(on: grid, width: width)
        let single = 1 / (Double(q.dimension) * width * (2 * Double.pi).squareRoot())
        var i = density.indices.max { density[$0] < density[$1] } ?? 0
        while i + 1 < grid.count && density[i + 1] >= single { i += 1 }
        let edge = grid.point(i)
        guard let run = q.runs.first else {
            return OutlierCount(bulkEdge: edge, width: width, eigenvalues: [], unconverged: 0)
        }
        let line = edge + margin * width
        let above = zip(run.nodes, run.residuals).filter { $0.0 > line }
        // An eigenvalue lies within a Ritz pair's residual of its value: the pair counts when the
        // eigenvalue it vouches for is above the line whatever that residual hides.
        return OutlierCount(
            bulkEdge: edge, width: width, eigenvalues: above.filter { $0.0 - $0.1 > line }.map(\.0).sorted(by: >),
            unconverged: above.filter { $0.0 - $0.1 <= line }.count)
    }
}
