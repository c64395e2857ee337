import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeData

/// Every spec key has a checked range, so that no spec file — which may come from anyone, say a
/// pull request that CI reports on — can crash the tool, trap, or write outside its folder.
extension ExperimentSpec {
    /// The ranges, shown in the error messages.
    public enum Limits {
        public static let widths = 1...4_096
        public static let depths = 0...64
        public static let epochs = 1...1_000
        public static let patience = 1...100
        public static let heldOutObjects = 0...1_000_000
        public static let batchSize = 1...65_536
        public static let permutations = 1...10_000
        public static let seeds = 1...100
        public static let radii = 1e-6...10.0
        public static let learningRate = 1e-8...1e3
        public static let nameLength = 1...100
        public static let sigma = 1e-8...10.0
        public static let subspaceDimension = 1...256
        public static let draws = 2...4_096
        public static let probes = 2...256
        public static let subspaceObjects = 2...1_000_000
        public static let spectrumRuns = 1...100
        public static let spectrumSteps = 2...1_000
        public static let spectrumSizes = 2...1_000_000
        public static let traceProbes = 3...10_000
        public static let spectrumOrderings = 0...32
        public static let growingSizes = 1...1_000_000
        public static let surfaceGrid = LandscapeSurface.sides
        /// Networks in one run (datasets × variants × widths × depths × seeds); the paper's is 900.
        public static let configurations = 20_000
    }

    /// Checks values a run cannot use: one line naming the key and the allowed range.
    public func validate() throws {
        try Self.checkName(name)
        if datasets.isEmpty { throw LandscapeError("spec: no datasets") }
        for d in datasets {
            if let problem = DatasetName.problem(d.rawValue) { throw LandscapeError("spec: datasets: \(problem)") }
        }
        let known = datasetDescriptors
        for d in datasets where known[d] == nil && !declarations.contains(where: { $0.name == d.rawValue }) {
            throw LandscapeError(
                "spec: datasets: " + DatasetDescriptors.unknown(d.rawValue, declared: known.declared.map(\.name)))
        }
        try checkDistinct("datasets", datasets.map(\.rawValue))
        try checkDistinct("encoders", encoders.map(\.rawValue))
        try check("widths", widths, Limits.widths)
        try check("depths", depths, Limits.depths)
        try checkDistinct("widths", widths.map(String.init))
        try checkDistinct("depths", depths.map(String.init))
        let networks = [datasets.count, 1 + encoders.count, widths.count, depths.count, seeds.count].reduce(1.0) {
            $0 * Double($1)
        }
        if networks > Double(Limits.configurations) {
            throw LandscapeError(
                "spec: the grid has \(Int(min(networks, 1e18))) networks, more than \(Limits.configurations); list fewer widths, depths, seeds or datasets"
            )
        }
        if objects < 2 { throw LandscapeError("spec: objects must be at least 2") }
        for d in datasets {
            guard let builtIn = DatasetDescriptors.builtIn[d], objects > builtIn.objects else { continue }
            throw LandscapeError(
                "spec: objects = \(objects) is more than \(d.rawValue)'s \(builtIn.objects) training objects; lower `objects`"
            )
        }
        try check("epochs", [training.epochs], Limits.epochs)
        try check("batchSize", [training.batchSize], Limits.batchSize)
        try check("patience", [training.patience], Limits.patience)
        try check("heldOutObjects", [heldOutObjects], Limits.heldOutObjects)
        if let t = training.target, !(t > 0 && t <= 100) {
            throw LandscapeError("spec: trainingTarget must lie in (0, 100]")
        }
        try check("permutations", [permutations], Limits.permutations)
        if !(0..<1).contains(emaFactor) { throw LandscapeError("spec: emaFactor must be in [0, 1)") }
        if !Limits.learningRate.contains(training.adam.learningRate) {
            throw LandscapeError(
                "spec: learningRate must lie in [\(Limits.learningRate.lowerBound), \(Limits.learningRate.upperBound)]")
        }
        if !Limits.seeds.contains(seeds.count) {
            throw LandscapeError("spec: seeds must list 1 to \(Limits.seeds.upperBound) seeds")
        }
        if Set(seeds).count != seeds.count { throw LandscapeError("spec: seeds must not repeat") }
        if !(1...max(1, seeds.count)).contains(hessianSeeds) {
            throw LandscapeError(
                "spec: hessianSeeds = \(hessianSeeds) is outside 1…\(seeds.count) (the number of seeds)")
        }
        if radii.contains(where: { !Limits.radii.contains($0) }) {
            throw LandscapeError(
                "spec: radii are fractions of ‖θ̂ − θ_init‖ and must lie in [\(Limits.radii.lowerBound), \(Limits.radii.upperBound)]"
            )
        }
        try validateCriteria()
        if let g = growingSample {
            if !g.sizes.isEmpty { try check("growingSizes", g.sizes, Limits.growingSizes) }
            try checkDistinct("growingSizes", g.sizes.map(String.init))
        }
        if let side = surfaceGrid, !Limits.surfaceGrid.contains(side) || side % 2 == 0 {
            throw LandscapeError(
                "spec: surfaceGrid must be 0 (off) or odd in \(Limits.surfaceGrid.lowerBound)…\(Limits.surfaceGrid.upperBound) (θ̂ at the centre), not \(side)"
            )
        }
    }

    func validateCriteria() throws {
        let c = criteria
        guard c.isOn else { return }
        if c.sigmas.isEmpty || c.sigmas.contains(where: { !Limits.sigma.contains($0) }) {
            throw LandscapeError(
                "spec: sigmas must list values in [\(Limits.sigma.lowerBound), \(Limits.sigma.upperBound)]")
        }
        if c.dimensions.isEmpty { throw LandscapeError("spec: subspaceDimensions must list at least one dimension") }
        for d in c.dimensions {
            guard let value = CriteriaSettings.dimension(d, classes: 1), value <= Limits.subspaceDimension.upperBound
            else {
                throw LandscapeError(
                    "spec: subspaceDimensions entry '\(d)' is not a dimension (a number, K, or a multiple such as 4K, at most \(Limits.subspaceDimension.upperBound))"
                )
            }
        }
        try check("draws", [c.draws], Limits.draws)
        if c.draws % 2 != 0 {
            throw LandscapeError("spec: draws = \(c.draws) must be even (the draws come in antithetic pairs)")
        }
        try check("probes", [c.probes], Limits.probes)
        try check("subspaceObjects", [c.subspaceObjects], Limits.subspaceObjects)
        try check("tailFrom", [c.tailFrom], 1...objects)
        try check("spectrumRuns", [c.spectrumRuns], Limits.spectrumRuns)
        try check("spectrumSteps", [c.spectrumSteps], Limits.spectrumSteps)
        if !c.spectrumSizes.isEmpty { try check("spectrumSizes", c.spectrumSizes, Limits.spectrumSizes) }
        try checkDistinct("spectrumSizes", c.spectrumSizes.map(String.init))
        try check("traceProbes", [c.traceProbes], Limits.traceProbes)
        try check("spectrumOrderings", [c.spectrumOrderings], Limits.spectrumOrderings)
        if c.epsilons.isEmpty || c.epsilons.contains(where: { !($0 > 0 && $0 < 1e3) }) {
            throw LandscapeError("spec: epsilons must list positive values below 1000")
        }
    }

    /// A value listed twice would be trained twice (or, for datasets, collide in the grid).
    func checkDistinct(_ key: String, _ values: [String]) throws {
        var seen: Set<String> = []
        for v in values where !seen.insert(v).inserted { throw LandscapeError("spec: \(key) lists \(v) twice") }
    }

    func check(_ key: String, _ values: [Int], _ range: ClosedRange<Int>) throws {
        if values.isEmpty { throw LandscapeError("spec: \(key) must list at least one value") }
        if let bad = values.first(where: { !range.contains($0) }) {
            throw LandscapeError("spec: \(key) = \(bad) is outside \(range.lowerBound)…\(range.upperBound)")
        }
    }

    /// A run's name becomes its default folder `reports/<name>`: a plain file name only.
    static func checkName(_ name: String, what: String = "name") throws {
        let problem: String? =
            !Limits.nameLength.contains(name.count)
            ? "must be 1 to \(Limits.nameLength.upperBound) characters"
            : name.utf8.count > 255
                ? "must be at most 255 bytes in UTF-8 (a file name's limit)"
                : name == "." || name == ".."
                    ? "must not be . or .."
                    : name.contains("/") || name.contains("\\")
                        ? "must not contain a path separator"
                        : name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
                            ? "must not contain control characters"
                            : name.hasPrefix("-")
                                ? "must not start with -"
                                : nil
        if let problem {
            throw LandscapeError("spec: \(what) \(String(reflecting: name)) \(problem) (it names files and folders)")
        }
    }
}
