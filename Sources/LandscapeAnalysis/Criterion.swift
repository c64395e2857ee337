import Foundation
import LandscapeCore
import LandscapeModel

/// A criterion beyond the paper (docs/criteria.md): a measurement on one trained network whose
/// record is stored in `CriteriaMeasurement.records` under its name. Registering it in
/// `Criteria.all` is all the run needs: the spec's `criteria` list accepts its name, the run
/// measures it, results.json stores (and `Results.validate` decodes) its record, and `diff`
/// compares every number of it. Its findings (`CriterionFindings`) and its report section
/// (`CriterionSection`) are conformances in those modules; a test checks every criterion has both.
public protocol Criterion: Sendable {
    associatedtype Record: Codable, Hashable, Sendable
    /// The spec's `criteria` entry and the record's key in results.json.
    static var name: CriterionName { get }
    /// The record on `subject`, or nil when the settings leave nothing to measure.
    static func measure(_ subject: CriterionSubject) -> Record?
}

/// The registry: every criterion, in the order the run measures and the report shows them.
public enum Criteria {
    public static let all: [any Criterion.Type] = [
        GaussianCriterion.self, SubspaceCriterion.self, SpectrumCriterion.self,
    ]

    /// The registered criterion called `name`.
    public static func named(_ name: CriterionName) -> (any Criterion.Type)? { all.first { $0.name == name } }
}

/// A criterion's name as the spec and results.json spell it; the allowed values are the registry's.
public struct CriterionName: RegisteredName {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static var allCases: [CriterionName] { Criteria.all.map { $0.name } }
    public static let entry = "criterion"
}

/// What every criterion measures on: one trained network θ̂ and its objects, the curve's sampled
/// k and orderings, the settings, and the network's constants.
public struct CriterionSubject: Sendable {
    public let network: MLP<Float>
    /// m × n, row-major, and the m labels.
    public let inputs: [Float]
    public let labels: [Int32]
    /// Exact Hessian-vector products of the mean Hessian over any prefix of the objects.
    public let hvp: HessianVectorProduct
    /// The same products in Float32, for the block products (the spectrum, the projections: tests
    /// bound their distance to the Double answer), and ℓ_i(θ̂) in Double.
    public let kernel: HessianProductKernel<Float>
    public let losses: [Double]
    public let settings: CriteriaSettings
    /// The k-indices t (k = t + 1) the curves are kept at.
    public let sampled: [Int]
    public let permutations: Int
    public let permutationSeed: UInt64
    /// The criteria's own seed; each criterion derives its streams from it by name.
    public let seed: UInt64
    /// The paper figures' network (h = 16, N = 5, first seed): where the costly details go.
    public let figure: Bool

    public init(
        network: MLP<Float>, inputs: [Float], labels: [Int32], settings: CriteriaSettings, sampled: [Int],
        permutations: Int, permutationSeed: UInt64, seed: UInt64, figure: Bool = false
    ) {
        self.figure = figure
        self.network = network
        self.inputs = inputs
        self.labels = labels
        hvp = HessianVectorProduct(
            network: network.converted(to: Double.self), inputs: inputs.map(Double.init), labels: labels)
        kernel = hvp.kernel.converted(to: Float.self)
        losses = hvp.losses()
        self.settings = settings
        self.sampled = sampled
        self.permutations = permutations
        self.permutationSeed = permutationSeed
        self.seed = seed
    }

    /// The Gaussian moments of the objects' projections through `directions`, streamed in Float32.
    public func moments(_ directions: [[Double]]) -> ProjectedMoments {
        ProjectedMoments(kernel, losses: losses, directions: directions)
    }

    /// N, the parameter count.
    public var parameters: Int { network.architecture.parameterCount }

    /// Δ₂ by Monte Carlo along perturbations drawn by `direction`, one record per σ, on Δ₁'s orderings.
    public func monteCarlo(
        _ tag: String, sigmas: [Double]? = nil, _ direction: @escaping (inout SeededGenerator) -> [Double]
    ) -> [MonteCarloCriterion] {
        MonteCarloCriterion.measure(
            network: network, inputs: inputs, labels: labels, sigmas: sigmas ?? settings.sigmas, draws: settings.draws,
            permutations: permutations, permutationSeed: permutationSeed, sampled: sampled,
            tailFrom: settings.tailFrom, seed: derivedSeed(seed, "monte-carlo", tag), direction: direction)
    }
}
