import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeData
import LandscapeExperiment

/// Findings on objects the networks were never trained on, and on what "converges" means.
extension Findings {
    /// The held-out counterparts of the width and depth trends (in the Holm family).
    func heldOutWidthTrend(_ d: Variant) -> TrendTest {
        TrendTest(seeds: slicePoints(d, varying: \.width) { $0.heldOut?.endLevel }, expectRising: false)
    }
    func heldOutDepthTrend(_ d: Variant) -> TrendTest {
        TrendTest(seeds: slicePoints(d, varying: \.hiddenLayers) { $0.heldOut?.endLevel }, expectRising: true)
    }

    /// The trained networks of `d` with held-out losses.
    func heldOutNetworks(_ d: Variant) -> [ConfigurationResult] {
        results.configurations.filter { $0.variant == d && $0.isTrained && $0.heldOut != nil }
    }

    /// The generalisation gap and the held-out trends of one variant; none without held-out objects.
    func heldOutFindings(
        _ d: Variant, family: TrendFamily?, verdict: (TrendTest, String) -> Finding.Verdict,
        adjusted: (String) -> String
    ) -> [Finding] {
        let networks = heldOutNetworks(d)
        guard !networks.isEmpty, let objects = networks.first?.heldOut?.objects else { return [] }
        let gaps = networks.map { $0.heldOut!.generalisationGap(trainingLoss: $0.meanLoss) }
        let (mean, lower, upper) = Self.bootstrapMean(gaps, seed: derivedSeed(0, d.fileStem, "generalisation-gap"))
        let ratios = networks.filter { $0.lossDeviation > 0 }.map { $0.heldOut!.lossDeviation / $0.lossDeviation }
        let gapVerdict: Finding.Verdict = lower > 0 ? .supported : upper < 0 ? .contradicted : .inconclusive
        let h = family?.tests[Self.id(d, "width-trend-held-out")] ?? heldOutWidthTrend(d)
        let l = family?.tests[Self.id(d, "depth-trend-held-out")] ?? heldOutDepthTrend(d)
        let note =
            " Measured on the curve of \(NumberFormat.grouped(objects)) held-out objects' losses (never trained on)."
        return [
            Finding(
                id: Self.id(d, "generalisation-gap"), kind: .empirical,
                claim: "Held-out objects have a higher mean loss than the training objects (a generalisation gap).",
                verdict: gapVerdict,
                statistic: Finding.Statistic(
                    name: "mean held-out − training loss", value: mean, of: networks.count),
                evidence:
                    "over \(networks.count) trained networks the gap is \(NumberFormat.range(gaps, digits: 2)), mean \(NumberFormat.sci(mean)) (95 % bootstrap interval \(NumberFormat.sci(lower)) to \(NumberFormat.sci(upper))); the held-out losses' MAD is \(NumberFormat.range(ratios, digits: 3, fixed: true)) × the training losses', and the held-out curve's end moves with it: the paper's curves measure how the training losses spread, which a gap widens on new objects."
            ),
            Finding(
                id: Self.id(d, "width-trend-held-out"), kind: .empirical,
                claim: "At L = \(fixedDepth), larger h lowers the held-out curve's end.",
                verdict: verdict(h, "width-trend-held-out"), statistic: h.statistic(falling: true),
                evidence: trendEvidence(h, key: "h") + adjusted("width-trend-held-out") + note),
            Finding(
                id: Self.id(d, "depth-trend-held-out"), kind: .empirical,
                claim: "At h = \(fixedWidth), larger L raises the held-out curve's end.",
                verdict: verdict(l, "depth-trend-held-out"), statistic: l.statistic(falling: false),
                evidence: trendEvidence(l, key: "L") + adjusted("depth-trend-held-out") + note),
        ]
    }

    /// The mean of `values` with a 95 % percentile-bootstrap interval (2,000 resamples).
    static func bootstrapMean(_ values: [Double], seed: UInt64) -> (mean: Double, lower: Double, upper: Double) {
        guard !values.isEmpty else { return (.nan, .nan, .nan) }
        let n = values.count, mean = values.reduce(0, +) / Double(n)
        var rng = SeededGenerator(seed: seed)
        let means = (0..<2_000).map { _ in
            (0..<n).reduce(0.0) { s, _ in s + values[rng.nextIndex(below: n)] } / Double(n)
        }.sorted()
        return (mean, means[49], means[1_949])
    }

    /// What converges, by construction: the ordering-averaged |ℒ_k − ℒ_m| falls as k^(−1/2) for
    /// every network (the rate is the sampling identity's), so only its level s, and the sample
    /// size it implies, carry information. Run-wide.
    func convergenceFindings() -> [Finding] {
        let measured = results.configurations.filter { $0.isTrained && $0.distance != nil }
        guard !measured.isEmpty else { return [] }
        let exponents = measured.compactMap { $0.distance?.exponent }
        // The Monte-Carlo mean |ℒ_k − ℒ_m| against the exact root mean square: at most 1 by Jensen
        // (up to noise), √(2/π) ≈ 0.80 for normal sums; a median ratio outside [0.5, 1.1] is a defect.
        let ratios = measured.map { c -> Double in
            let d = c.distance!
            let r = zip(d.meanAbsolute, d.rootMeanSquare).filter { $0.1 > 0 }.map { $0.0 / $0.1 }.sorted()
            return r.isEmpty ? 0.8 : r[r.count / 2]
        }
        let off = ratios.filter { !(0.5...1.1).contains($0) }.count
        let epsilon = spec.criteria.epsilons.max() ?? 1e-2
        let sizes = measured.map {
            Double(
                ConvergenceDistance.sampleSize(
                    variance: $0.distance!.variance, objects: $0.finalK + 1, epsilon: epsilon))
        }
        let neighbourhoods = measured.compactMap { c in c.neighbourhood.map { (c, $0) } }
        let widening = neighbourhoods.filter { $0.1.centre > 0 }.map {
            ($0.1.largestVariance / $0.1.centre).squareRoot()
        }
        let neighbourhoodSizes = neighbourhoods.map {
            Double(
                ConvergenceDistance.sampleSize(
                    variance: $0.1.largestVariance, objects: $0.0.finalK + 1, epsilon: epsilon))
        }
        let radii = NeighbourhoodDistance.defaultRadii.map(NumberFormat.general).joined(separator: ", ")
        var evidence =
            "Its mean square is exactly s²(m − k)/(k(m − 1)) for any losses (sampling without replacement, s² their variance), so the rate is sampling's and only the level s carries information. The Monte-Carlo E|ℒ_k − ℒ_m| over \(spec.permutations) random orders is a median \(NumberFormat.range(ratios, digits: 3, fixed: true)) × that exact root mean square over \(measured.count) trained networks (\(off) outside [0.5, 1.1]; √(2/π) ≈ 0.80 for a normal sum); its fitted exponent on k ∈ [10, m/10] is \(NumberFormat.range(exponents, digits: 3, fixed: true)), −1/2 up to Monte-Carlo noise. The objects until the root-mean-square distance is ≤ \(NumberFormat.general(epsilon)): k = s²m/(ε²(m − 1) + s²) = \(NumberFormat.range(sizes, digits: 3)) at θ̂."
        if !widening.isEmpty {
            evidence +=
                " Over a neighbourhood of θ̂ (\(NeighbourhoodDistance.defaultDirections) filter-normalised directions at α = \(radii), \(neighbourhoods.count) networks) the largest s is \(NumberFormat.range(widening, digits: 3, fixed: true)) × its value at θ̂, so the worst point of it needs k = \(NumberFormat.range(neighbourhoodSizes, digits: 3))."
        }
        let spectra = measured.compactMap { $0.hessian?.spectrum }
        let meanDistances = measured.compactMap(\.meanHessianDistances)
        let singles = spectra.compactMap { s -> Double? in
            guard let first = s.differenceNorms.first?.norm, let last = s.differenceNorms.last?.norm, first > 0 else {
                return nil
            }
            return last / first
        }
        let meanSlopes = meanDistances.compactMap { d -> Double? in
            guard d.count >= 2 else { return nil }
            return DecayExponent.leastSquares(k: d.map(\.k), values: d.map(\.norm), from: 1)?.slope
        }
        if !singles.isEmpty {
            evidence +=
                " The Hessian converges the same way, and only as a mean: ‖H_{k+1} − H^(k)‖₂, one new object's Hessian against the mean, is \(NumberFormat.range(singles, digits: 2)) × its k = 1 value at the largest k (\(singles.count) networks): it does not decay. ‖H^(k) − H^(m)‖₂ falls with log–log slope \(NumberFormat.range(meanSlopes, digits: 2, fixed: true)) over k = 10 to m/10, near a sample mean's −1/2."
        }
        return [
            Finding(
                id: "run/convergence-distance-rate", kind: .construction,
                claim:
                    "The landscape converges in the sense sup_θ E|ℒ_k(θ) − ℒ_m(θ)| → 0, at the rate k^(−1/2) of sampling without replacement.",
                failures: off, checked: measured.count, evidence: evidence)
        ]
    }

    /// The summary's lines on held-out objects: the generalisation gap per variant.
    func heldOutSummary(_ findings: [Finding]) -> [String] {
        let gaps = present.compactMap { d -> String? in
            guard let f = findings.first(where: { $0.id == Self.id(d.variant, "generalisation-gap") }),
                let s = f.statistic
            else { return nil }
            return "\(results.displayName(d.variant)) \(NumberFormat.sci(s.value)) (**\(f.label.lowercased())**)"
        }
        guard !gaps.isEmpty else { return [] }
        return [
            "- **Held-out objects** (never trained on): mean generalisation gap, held-out minus training loss, \(gaps.joined(separator: ", ")). The held-out curves' ends track the training ones (the figure under \"Held-out objects, and what converges\"); the trends on them are the third verdict above."
        ]
    }

    /// The summary's lines on the criteria beyond the paper: their findings' verdicts, first sentence of evidence.
    func beyondSummary(_ findings: [Finding]) -> [String] {
        let ids = ["run/loss-difference-dominates", "run/distributional-bound", "run/curvature-bound"]
        let shown = ids.compactMap { id in findings.first { $0.id == id } }
        guard !shown.isEmpty else { return [] }
        return [
            "- **Beyond the paper** (the Gaussian and subspace criteria): "
                + shown.map { f in
                    let first = f.evidence.split(separator: ";", maxSplits: 1).first.map(String.init) ?? f.evidence
                    // Bold only what the data decided, or a failure (as everywhere in the report).
                    let label = f.kind == .empirical || f.verdict == .contradicted ? "**\(f.label)**" : f.label
                    return "\(f.claim) \(label) (\(first.trimmingCharacters(in: .whitespaces)))."
                }.joined(separator: " ")
        ]
    }
}
