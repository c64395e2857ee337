import Foundation

/// The paper's two figure slices, decided once: N fixed at `spec.figureDepth` while h varies, and
/// h fixed at `spec.figureWidth` while N varies. Figures, findings and tables all read them here.
extension Results {
    /// Every seed of the configurations along one slice, in the varying key's order, then by seed.
    public func slice(_ d: Variant, varying: KeyPath<ConfigurationResult, Int>) -> [ConfigurationResult] {
        let (depth, width) = (spec.figureDepth, spec.figureWidth)
        return configurations.filter { c in
            c.variant == d && (varying == \ConfigurationResult.width ? c.hiddenLayers == depth : c.width == width)
        }.sorted { ($0[keyPath: varying], $0.globalSeed ?? 0) < ($1[keyPath: varying], $1.globalSeed ?? 0) }
    }

    /// The seed groups along one slice, in the varying key's order.
    public func sliceGroups(_ d: Variant, varying: KeyPath<ConfigurationResult, Int>) -> [SeedGroup] {
        let (depth, width) = (spec.figureDepth, spec.figureWidth)
        return SeedGroup.groups(self).filter { g in
            g.variant == d && (varying == \ConfigurationResult.width ? g.hiddenLayers == depth : g.width == width)
        }.sorted { $0.members[0][keyPath: varying] < $1.members[0][keyPath: varying] }
    }
}
