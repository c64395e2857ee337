import Foundation
import LandscapeData
import LandscapeExperiment

extension ReportContent {
    /// Bullet points written from the numbers.
    public func summary() -> String {
        let trained = results.configurations.filter { $0.status == .trained }
        let dead = results.configurations.filter { $0.status == .dead }
        let diverged = results.configurations.filter { $0.status == .diverged }
        var lines = ["- Trained \(results.configurations.count) networks (\(present.map(\.variant.displayName).joined(separator: ", "))) on \(NumberFormat.grouped(spec.objects)) objects each: \(trained.count) trained, \(dead.count) dead (every ReLU off), \(diverged.count) diverged."]
        if !missing.isEmpty {
            lines.append("- Missing, so not run: \(missing.map(\.variant.displayName).joined(separator: ", ")) (see the boxes under Setup).")
        }
        if let lo = trained.map(\.finalEMA).min(), let hi = trained.map(\.finalEMA).max() {
            lines.append("- At the largest k the smoothed |ℒ<sub>k+1</sub> − ℒ<sub>k</sub>| lies between \(NumberFormat.sci(lo)) and \(NumberFormat.sci(hi)) (the paper's MNIST figures: about 3×10⁻⁵ to 8×10⁻⁵).")
        }
        let violations = boundViolations()
        lines.append(violations == 0
            ? "- Every measured curve stays under Lemma 2's bound at θ̂ at every sampled k."
            : "- **\(violations) sampled points lie above Lemma 2's bound at θ̂** — see Findings.")
        if let lo = trained.map(\.theoremOne.log10).min(), let hi = trained.map(\.theoremOne.log10).max() {
            lines.append("- Theorem 1's bound on ‖H<sub>i</sub>‖<sub>2</sub> ranges from \(NumberFormat.sci(log10: lo)) to \(NumberFormat.sci(log10: hi)) over the trained networks.")
        }
        return lines.joined(separator: "\n")
    }

    /// Sampled points where the mean curve exceeds 2·M_ℓ/(k+1) (must be none: the bound holds for every order).
    func boundViolations() -> Int {
        results.configurations.filter { $0.status == .trained }.reduce(0) { count, c in
            count + zip(c.curve.k, c.curve.mean).filter { k, m in m > c.constants.lemmaTwo(k: k, radius: 0).value * (1 + 1e-12) }.count
        }
    }

    public func findings() -> String {
        present.map { d in
            var lines = ["**\(d.variant.displayName).**"]
            lines.append(trend(d.variant, varying: \.width, name: "h", fixed: "L = \(figures.fixedDepth)", expectation: "lower"))
            lines.append(trend(d.variant, varying: \.hiddenLayers, name: "L", fixed: "h = \(figures.fixedWidth)", expectation: "higher"))
            let trained = results.configurations.filter { $0.variant == d.variant && $0.status == .trained }
            if !trained.isEmpty {
                let ratios = trained.map { c in c.lemmaTwoAtFinalK[0].bound.value.map { $0 / c.finalEMA } ?? .infinity }
                lines.append("- Lemma 2's bound at θ̂ is \(NumberFormat.sci(ratios.min()!, digits: 2))–\(NumberFormat.sci(ratios.max()!, digits: 2)) times the smoothed curve at the largest k: it holds, with its 1/k shape, but loosely.")
                let tail = trained.map { $0.finalEMA * Double($0.finalK + 1) / max($0.lossDeviation, 1e-300) }
                lines.append("- The curve's end is close to (mean absolute deviation of the per-object losses)/(k+1): the ratio is \(NumberFormat.fixed(tail.min()!, 2))–\(NumberFormat.fixed(tail.max()!, 2)). The curve mostly tracks how spread the losses are.")
                let failing = trained.filter { !$0.lemmaOneHolds }
                if !failing.isEmpty {
                    lines.append("- Lemma 1's premise ‖W‖<sub>2</sub> ≤ hM fails for \(failing.count) of \(trained.count) networks (\(failing.map(ReportFigures.legend).joined(separator: "; "))): the input layer is h × n with n = \(d.features) > h, and its spectral norm can reach √(hn)·M.")
                }
            }
            lines += hessianFindings(d.variant)
            let dead = results.configurations.filter { $0.variant == d.variant && $0.status == .dead }
            if !dead.isEmpty {
                lines.append("- Dead networks (every per-object loss equal to ln K, curve exactly 0, drawn only in the legend): \(dead.map(ReportFigures.legend).joined(separator: "; ")).")
            }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    /// "Larger h lowers the curve: …" from the final EMA of the configurations along one axis.
    func trend(_ d: Variant, varying key: KeyPath<ConfigurationResult, Int>, name: String, fixed: String, expectation: String) -> String {
        let configs = figures.configurations(d, varying: key).filter { $0.status == .trained }
        guard configs.count >= 2, let first = configs.first, let last = configs.last else {
            return "- Too few trained networks at \(fixed) to say how \(name) changes the curve."
        }
        let steps = zip(configs, configs.dropFirst())
        let rising = steps.filter { $1.finalEMA > $0.finalEMA }.count
        let direction = last.finalEMA < first.finalEMA ? "lower" : "higher"
        let agrees = direction == expectation ? "as the paper reports" : "unlike the paper, which reports \(expectation)"
        return "- At \(fixed), larger \(name) gives a \(direction) curve (\(agrees)): at k = \(NumberFormat.grouped(first.finalK)) the EMA goes from \(NumberFormat.sci(first.finalEMA)) (\(name) = \(first[keyPath: key])) to \(NumberFormat.sci(last.finalEMA)) (\(name) = \(last[keyPath: key])), a factor of \(NumberFormat.fixed(last.finalEMA / first.finalEMA, 2)); \(rising) of \(configs.count - 1) steps go up."
    }
}
