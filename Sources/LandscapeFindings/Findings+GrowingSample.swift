import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeExperiment

/// Findings of the growing-sample protocol (docs/growing-sample.md): whether its rates in k differ
/// from the fixed protocol's, per quantity (run-wide), and where Assumption 1 is a fair
/// approximation (per variant).
extension Findings {
    /// The growing-sample records of `d`'s trained networks.
    public func growingRecords(_ d: Variant) -> [GrowingSample] {
        results.configurations.filter { $0.variant == d && $0.isTrained }.compactMap(\.growingSample)
    }

    /// The variants with growing-sample records, in report order.
    public var growingVariants: [Variant] { present.map(\.variant).filter { !growingRecords($0).isEmpty } }

    /// Whether a finding is the growing sample's (shown in its own section, not among a variant's).
    public static func isGrowingSample(_ id: String) -> Bool {
        id.hasPrefix("run/growing-rate-") || id.hasSuffix("/assumption-one")
    }

    /// Assumption 1 is called a fair approximation where the next optimum fits the larger sample
    /// less than 10 % better than θ̂ₖ does (a stated tolerance, not a law).
    public static let refitTolerance = 0.1

    func growingFindings() -> [Finding] {
        let variants = growingVariants
        guard !variants.isEmpty else { return [] }
        let note = growingTrainingNote
        return GrowingQuantity.all.map { growingRateFinding($0, variants, note: note) }
            + variants.map { assumptionOneFinding($0, note: note) }
    }

    /// What the training rule does to θ̂ₖ, the confound every growing rate carries, with how far
    /// θ̂ₖ was trained at each size: the median ℒₖ(θ̂ₖ) over the networks against log K (an
    /// untrained network's), and under a target the share of θ̂ₖ that reached it.
    var growingTrainingNote: String {
        let records = growingVariants.flatMap(growingRecords)
        let sizes = Array(Set(records.flatMap { $0.points.map(\.k) })).sorted()
        let classes = Set(present.filter { growingVariants.contains($0.variant) }.map(\.classes))
        let losses = sizes.map { k in
            Self.median(records.compactMap { g in g.points.first { $0.k == k }?.growing.loss })
        }
        let untrained =
            classes.count == 1
            ? " (log K = \(NumberFormat.fixed(Foundation.log(Double(classes.first!)), 2)) is an untrained network's)"
            : ""
        let trained = zip(sizes, losses).map { "\(NumberFormat.grouped($0)): \(NumberFormat.fixed($1, 2))" }
            .joined(separator: ", ")
        let measured = " Median ℒₖ(θ̂ₖ) at k = \(trained)\(untrained)."
        if let t = spec.training.target {
            let reached = sizes.map { k in
                let l = records.compactMap { g in g.points.first { $0.k == k }?.growing.loss }
                return
                    "\(NumberFormat.grouped(k)): \(NumberFormat.fixed(100 * Double(l.filter { $0 <= t }.count) / Double(max(1, l.count)), 0)) %"
            }.joined(separator: ", ")
            return " θ̂ₖ is trained to the training-loss target \(NumberFormat.general(t)) with θ̂'s budget in "
                + "optimiser steps (the cap of \(spec.training.epochs) epochs and the patience of "
                + "\(spec.training.patience) epochs on m objects, scaled to k); the share of θ̂ₖ that reached it, "
                + "k = \(reached). Where it was not reached the patience rule or the cap stopped training first; "
                + "the rates are fitted only over the sizes at which a network's θ̂ₖ reached it." + measured
        }
        return " With fixed epochs (\(spec.training.epochs)) θ̂ₖ takes k/m of θ̂'s optimiser steps, so at small k it "
            + "is less trained and the growing rates mix the landscape with training progress; a run with "
            + "`trainingTarget` is the control." + measured
    }

    /// The summary's line on the growing sample: the new-object difference's exponent per variant
    /// under both protocols, the run-wide verdict on it, and each variant's Assumption 1 verdict.
    func growingSummary(_ findings: [Finding]) -> [String] {
        let variants = growingVariants
        guard !variants.isEmpty, let q = GrowingQuantity.named("difference") else { return [] }
        let rates = variants.map { d in
            let r = growingRates(q, d)
            return "\(results.displayName(d)) \(Self.rateText(r.growing)) (fixed \(Self.rateText(r.fixed)))"
        }
        let verdict =
            findings.first { $0.id == "run/growing-rate-\(q.id)" }.map {
                "; that it differs from the fixed θ̂'s rate (exchangeability's −1) is **\($0.label.lowercased())**"
            } ?? ""
        let assumption = variants.compactMap { d in
            findings.first { $0.id == Self.id(d, "assumption-one") }.map {
                "\(results.displayName(d)) **\($0.label.lowercased())**"
            }
        }
        let control =
            spec.training.target == nil
            ? " With fixed epochs the smaller samples' θ̂ₖ are less trained, so these rates mix the landscape with training progress; a run with `trainingTarget` is the control."
            : " Under the training target every θ̂ₖ is fitted to the same loss before it is measured."
        return [
            "- **As the sample grows** (θ̂ₖ trained on the first k objects, measured on a new one): E|ℒₖ₊₁ − ℒₖ| ∝ k^b with b = "
                + rates.joined(separator: "; ") + verdict + ". Assumption 1 (θ̂ₖ minimises ℒₖ₊₁ too): "
                + assumption.joined(separator: ", ") + "." + control
        ]
    }

    /// A quantity's rates over a variant's growing records, read where θ̂ₖ reached the spec's
    /// training target if it has one: what the findings and the rates table both report.
    public func growingRates(_ q: GrowingQuantity, _ d: Variant) -> GrowingRates {
        GrowingRates(q, records: growingRecords(d), trainedTo: spec.training.target)
    }

    /// Whether the spec's training target fixes `q` at every θ̂ₖ (`GrowingQuantity.heldByTarget`).
    public func isHeldByTarget(_ q: GrowingQuantity) -> Bool { q.heldByTarget && spec.training.target != nil }

    /// A rate as the findings and the rates table write it: +0.12 [−0.05, +0.30], or — for none.
    public static func rateText(_ m: GrowingRates.Mean?) -> String {
        guard let m else { return "—" }
        return "\(NumberFormat.signed(m.value)) [\(NumberFormat.signed(m.lower)), \(NumberFormat.signed(m.upper))]"
    }

    /// Run-wide: a comparable quantity's growing rate differs from its fixed rate in every variant
    /// (paired, network by network); a growing-only quantity falls with k in every variant.
    func growingRateFinding(_ q: GrowingQuantity, _ variants: [Variant], note: String) -> Finding {
        let rates = variants.map { growingRates(q, $0) }
        let reading = q.reading == .fromEnd ? "|q(k) − q(m)| for q = \(q.label)" : q.label
        let perVariant = zip(variants, rates).map { d, r -> String in
            let head = "\(results.displayName(d)): growing \(Self.rateText(r.growing))"
            guard q.comparable else { return head + " over \(r.growing?.networks ?? 0) networks" }
            return head + ", fixed \(Self.rateText(r.fixed)), growing − fixed \(Self.rateText(r.difference)) over "
                + "\(r.difference?.networks ?? 0) networks"
        }.joined(separator: "; ")
        let verdict: Finding.Verdict
        let statistic: Finding.Statistic
        let claim: String
        if q.comparable {
            let c = rates.map(\.comparison)
            verdict =
                c.allSatisfy { $0 == .differ }
                ? .supported : c.allSatisfy { $0 == .agree } ? .contradicted : .inconclusive
            statistic = .init(
                name: "variants whose rates differ", value: Double(c.filter { $0 == .differ }.count), of: c.count)
            claim =
                "Under the growing protocol \(reading) changes with k at a different rate than under the "
                + "fixed protocol, whose rate exchangeability sets (k^(\(NumberFormat.general(q.exchangeable ?? .nan).replacingOccurrences(of: "-", with: "−"))))."
        } else {
            let falls = rates.map { $0.growing.map { $0.upper < 0 } }
            let rises = rates.map { $0.growing.map { $0.lower > 0 } }
            verdict =
                falls.allSatisfy { $0 == true }
                ? .supported : rises.allSatisfy { $0 == true } ? .contradicted : .inconclusive
            statistic = .init(
                name: "variants whose rate is below 0", value: Double(falls.filter { $0 == true }.count),
                of: falls.count)
            claim =
                "Under the growing protocol \(reading) falls as k grows (under the fixed protocol θ̂ does not "
                + "move, so it is 0 by construction)."
        }
        // Under a training-loss target ℒₖ(θ̂ₖ) is the target's by construction: no verdict from it.
        let held = isHeldByTarget(q)
        let heldNote =
            held
            ? " Under the training-loss target ℒₖ(θ̂ₖ) is held at the target by construction, so this growing "
                + "rate says nothing about the landscape: no verdict." : ""
        return Finding(
            id: "run/growing-rate-\(q.id)", kind: .empirical, claim: claim, verdict: held ? .inconclusive : verdict,
            statistic: statistic,
            evidence: "Exponents b of c·k^b fitted per network over the sizes k < m (means with 95 % t-intervals "
                + "over networks; rates differ where the paired interval excludes 0, agree where it lies within "
                + "±\(NumberFormat.general(GrowingRates.agreementMargin))). \(perVariant)." + heldNote + note)
    }

    /// Per variant: the smallest grid size from which the median relative refit gain
    /// (ℒₖ′(θ̂ₖ) − ℒₖ′(θ̂ₖ′)) ÷ ℒₖ′(θ̂ₖ) stays below the tolerance, its 95 % bootstrap
    /// upper bound included; contradicted where its lower bound exceeds it at the largest size.
    func assumptionOneFinding(_ d: Variant, note: String) -> Finding {
        let records = growingRecords(d), medians = refitGainMedians(d)
        let sizes = medians.map(\.k)
        let tolerance = Self.refitTolerance
        let from = medians.indices.first { i in medians[i...].allSatisfy { $0.upper < tolerance } }
        // The claim (some grid size from which the gain stays below) fails exactly when it fails at the
        // largest size: there the data refute it when even the lower bound is above the tolerance.
        let verdict: Finding.Verdict =
            from != nil
            ? .supported : (medians.last.map { $0.lower > tolerance } ?? false) ? .contradicted : .inconclusive
        let table = medians.map {
            "k = \(NumberFormat.grouped($0.k)): \(NumberFormat.fixed(100 * $0.median, 1)) % "
                + "[\(NumberFormat.fixed(100 * $0.lower, 1)), \(NumberFormat.fixed(100 * $0.upper, 1))]"
        }.joined(separator: "; ")
        // ‖∇ℒₖ₊₁(θ̂ₖ)‖ next to ‖∇ℒₖ(θ̂ₖ)‖, both against the per-object gradients' scale.
        func ratio(_ k: Int, _ f: (GrowingSample.View) -> Double) -> Double {
            let r = records.compactMap { g in
                g.points.first { $0.k == k }.map { f($0.growing) / $0.growing.objectGradient }
            }
            return Self.median(r)
        }
        let gradients = [sizes.first, sizes.last].compactMap { $0 }.map { k in
            "At k = \(NumberFormat.grouped(k)) ‖∇ℒₖ‖ is \(NumberFormat.sci(ratio(k, \.gradient))) and ‖∇ℒₖ₊₁‖ "
                + "\(NumberFormat.sci(ratio(k, \.nextGradient))) of the per-object gradients' rms (medians)"
        }.joined(separator: ". ")
        return Finding(
            id: Self.id(d, "assumption-one"), kind: .empirical,
            claim: "From some size k of the grid on, Assumption 1 (θ̂ minimises both ℒₖ and ℒₖ₊₁) is a fair "
                + "approximation: the next size's optimum fits its larger sample less than "
                + "\(NumberFormat.general(100 * tolerance)) % better than θ̂ₖ does.",
            verdict: verdict,
            statistic: from.map {
                .init(
                    name: "smallest k from which the median gain stays below the tolerance",
                    value: Double(medians[$0].k))
            }
                ?? medians.last.map { .init(name: "median relative refit gain at the largest k", value: $0.median) },
            evidence: "Median relative refit gain (ℒₖ′(θ̂ₖ) − ℒₖ′(θ̂ₖ′)) ÷ ℒₖ′(θ̂ₖ) over \(records.count) "
                + "networks, k′ the grid's next size, with 95 % bootstrap intervals: \(table). The step k → k′ "
                + "adds more objects than the assumption's k → k + 1, so its gain is the larger: a small gain "
                + "here is conservative evidence. \(gradients).\(note)")
    }

    /// Per grid size k of `d`'s records, the median over networks of the relative refit gain
    /// (ℒₖ′(θ̂ₖ) − ℒₖ′(θ̂ₖ′)) ÷ ℒₖ′(θ̂ₖ) with its 95 % bootstrap interval: what the Assumption 1
    /// finding and figure read.
    public func refitGainMedians(_ d: Variant) -> [(k: Int, median: Double, lower: Double, upper: Double)] {
        let gains = growingRecords(d).map { $0.refitGains() }
        return Array(Set(gains.flatMap { $0.map(\.k) })).sorted().map { k in
            let m = Self.bootstrapMedian(
                gains.compactMap { g in g.first { $0.k == k }?.relative },
                seed: derivedSeed(0, d.fileStem, "assumption-one", "\(k)"))
            return (k, m.median, m.lower, m.upper)
        }
    }

    /// The median of `values` with a 95 % percentile-bootstrap interval (2,000 resamples).
    static func bootstrapMedian(
        _ values: [Double], seed: UInt64
    ) -> (median: Double, lower: Double, upper: Double) {
        guard !values.isEmpty else { return (.nan, .nan, .nan) }
        var rng = SeededGenerator(seed: seed)
        let n = values.count
        let medians = (0..<2_000).map { _ in median((0..<n).map { _ in values[rng.nextIndex(below: n)] }) }.sorted()
        return (median(values), medians[49], medians[1_949])
    }

    /// The median (the mean of the middle two for an even count); NaN for none.
    public static func median(_ x: [Double]) -> Double {
        let s = x.sorted(), n = s.count
        return n == 0 ? .nan : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }
}
