import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeData
import LandscapeModel

extension ConfigurationRun {
    /// Whether `c` gets the growing-sample protocol: its scope's networks (the figure slices at
    /// every seed by default).
    public static func wantsGrowingSample(_ c: Configuration, spec: ExperimentSpec) -> Bool {
        switch spec.growingSample?.scope ?? .off {
        case .off: false
        case .figures: c.width == spec.figureWidth || c.hiddenLayers == spec.figureDepth
        case .all: true
        }
    }

    /// The seed of the order whose first k objects θ̂ₖ is trained on: one per network, shared by
    /// every size, so adding a size changes no other.
    public static func growingOrder(count m: Int, seed: UInt64) -> [Int] {
        var rng = SeededGenerator(seed: derivedSeed(seed, "growing-order"))
        var order = Array(0..<m)
        rng.shuffle(&order)
        return order
    }

    /// θ̂ₖ for every size of the spec's grid, from θ_init on the first k objects of the order (in
    /// their index order, so that k = m trains exactly θ̂), measured with `GrowingSample.Objects`.
    /// `trained` is θ̂ = θ̂_m (after `trainedEpochs`); `initial` is θ_init. Needs held-out objects: they
    /// are the only new objects at k = m.
    public static func growingSample(
        _ c: Configuration, architecture: MLPArchitecture, data: Dataset, heldOut: Dataset?, spec: ExperimentSpec,
        trained: MLP<Float>, trainedEpochs: Int, initial: MLP<Float>
    ) -> GrowingSample {
        let m = data.count, h = heldOut?.count ?? 0
        precondition(h > 0, "the growing sample needs held-out objects")
        let order = growingOrder(count: m, seed: c.seed)
        // Rows: the order's training objects, then the held-out ones.
        let ordered = data.rows(order)
        let inputs = (ordered.inputs + (heldOut?.inputs ?? [])).map(Double.init)
        let labels = ordered.labels + (heldOut?.labels ?? [])
        let sigma = spec.criteria.sigmas.min() ?? 1e-4
        let sizes = (spec.growingSample ?? GrowingSampleSettings()).sizes(objects: m)
        // The next objects whose gradients and traces each growing view reads. At θ̂ every training
        // row is measured (the fixed views read all the rest of them), and the sample of held-out
        // ones that the view at k = m reads.
        func nextSample(_ k: Int) -> [Int] {
            GrowingSample.Objects.sample(
                k..<(m + h), size: GrowingSample.nextSample, seed: derivedSeed(c.seed, "growing-next", "\(k)"))
        }
        let fixed = GrowingSample.Objects(
            network: trained, inputs: inputs, labels: labels, measured: Array(0..<m) + nextSample(m))
        // The fixed views all sit at θ̂: Σ∇ℓ_i up to each size, once, gives each view's two means.
        let fixedSums = fixed.gradientSums(sizes)
        // λ_max of H^(k) on the first seed(s)' networks, as the Hessian measurements.
        let measuresTop = spec.seeds.sorted().prefix(spec.hessianSeeds).contains(c.globalSeed)
        let moved = trained.distance(to: initial)
        var points: [GrowingSample.Point] = [], diverged: [Int] = []
        // One θ̂ₖ at a time: each point's per-object quantities are dropped before the next training.
        for (index, k) in sizes.enumerated() {
            var o = fixed, epochs = trainedEpochs, away = 0.0
            let sample = nextSample(k)
            if k < m {
                let chosen = data.rows(order.prefix(k).sorted())
                let outcome = Trainer.train(
                    architecture, inputs: chosen.inputs, labels: chosen.labels,
                    settings: spec.training.matchingSteps(objects: k, reference: m), seed: c.seed)
                guard outcome.divergence == nil else {
                    diverged.append(k)
                    continue
                }
                o = GrowingSample.Objects(
                    network: outcome.network, inputs: inputs, labels: labels,
                    measured: Array(0..<k) + sample)
                epochs = outcome.epochs.count
                away = outcome.network.distance(to: trained) / max(moved, .leastNormalMagnitude)
            }
            let seed = measuresTop ? derivedSeed(c.seed, "growing-lanczos", "\(k)") : nil
            // At θ̂ on the first k, the next objects the rest of the training ones, means from the sums.
            let fixedView =
                k < m
                ? fixed.view(
                    k: k, next: k..<m, sample: Array(k..<m), sigma: sigma, seed: seed,
                    sums: (fixedSums[index], zip(fixedSums.last!, fixedSums[index]).map { $0 - $1 }))
                : nil
            let heldOutMean = o.mean(m..<(m + h))
            points.append(
                GrowingSample.Point(
                    k: k, epochs: epochs,
                    growing: o.view(k: k, next: k..<(m + h), sample: sample, sigma: sigma, seed: seed),
                    fixed: fixedView, fullLoss: o.mean(0..<m).loss, heldOutLoss: heldOutMean.loss,
                    heldOutAccuracy: heldOutMean.accuracy, parameterDistance: away,
                    nextSize: index + 1 < sizes.count ? sizes[index + 1] : nil,
                    nextSizeLoss: index + 1 < sizes.count ? o.mean(0..<sizes[index + 1]).loss : nil))
        }
        return GrowingSample(sigma: sigma, objects: m, heldOutObjects: h, points: points, diverged: diverged)
    }
}
