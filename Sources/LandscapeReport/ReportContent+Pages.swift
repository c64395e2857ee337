import Foundation
import LandscapeData
import LandscapeEncoders
import LandscapeExperiment
import LandscapeFindings

/// The report's pages: the main text (what was run, the verdicts, the run-wide results) and one
/// page per present variant with its findings, figures and tables (templates/variant.md).
extension ReportContent {
    /// A variant page's file name without extension: `variant-<stem>` (never index or appendix).
    public static func pageStem(_ stem: String) -> String { "variant-" + stem }
    public static func pageFile(_ stem: String) -> String { pageStem(stem) + ".html" }

    /// A Markdown link to a variant's page (or one of its sections).
    func variantLink(_ d: DatasetRecord, anchor: String? = nil) -> String {
        let target = Escaping.relativeURL(Self.pageFile(d.variant.fileStem) + (anchor.map { "#" + $0 } ?? ""))
        return "[\(Escaping.markdown(results.displayName(d.variant)))](\(target))"
    }

    /// The findings of one scope (a variant's file stem, or `run`), in the order they were made;
    /// `growing`: those of the growing sample, or the others.
    func findings(scope: String, growing: Bool) -> [Finding] {
        findings.filter { $0.id.hasPrefix(scope + "/") && Findings.isGrowingSample($0.id) == growing }
    }

    func variantLinks(anchor: String?) -> String {
        present.map { variantLink($0, anchor: anchor) }.joined(separator: " · ")
    }

    /// The variant whose figures the main text shows: MNIST pixels, else the first pixel variant.
    var mainVariant: DatasetRecord? {
        let pixels = present.filter { $0.encoder == nil }
        return pixels.first { $0.name == .mnist } ?? pixels.first
    }

    /// The first screen's figure: the paper's Figure 1 from data, the landscape surfaces of the
    /// main variant (the 1-D slices when no surface was measured).
    var headline: ReportFigures.Figure? {
        guard let main = mainVariant else { return nil }
        return figures.surfaceFigure(main.variant) ?? figures.sliceFigure(main.variant)
    }

    /// The first screen's paragraph: what was run, and what was not.
    func runScope() -> String {
        let networks = results.configurations.count, trained = results.configurations.filter(\.isTrained).count
        var text =
            "This run trained \(NumberFormat.grouped(networks)) networks (\(NumberFormat.grouped(trained)) of them trained to above chance) on "
            + present.map { Escaping.markdown(results.displayName($0.variant)) }.joined(separator: ", ")
            + ": h ∈ {\(spec.widths.sorted().map(String.init).joined(separator: ", "))} × L ∈ {\(spec.depths.sorted().map(String.init).joined(separator: ", "))}, \(spec.seeds.count) seed\(spec.seeds.count == 1 ? "" : "s"), the first \(NumberFormat.grouped(spec.objects)) objects of each training split."
        // What was not run, said once: the datasets whose files were missing, then the encoders.
        var absent: [String] = []
        let datasets = missing.filter { $0.encoder == nil }.map { Escaping.markdown(results.displayName($0.variant)) }
        if !datasets.isEmpty {
            absent.append(
                Self.list(datasets) + " (\(datasets.count == 1 ? "its files were" : "their files were") not found)")
        }
        for encoder in spec.encoders where !present.contains(where: { $0.encoder == encoder }) {
            let ranOn = missing.filter { $0.encoder == encoder }.contains { m in
                present.contains { $0.encoder == nil && $0.name == m.name }
            }
            guard ranOn else { continue }
            let standIn =
                present.contains { $0.encoder == .efficientNetLite0 }
                ? "; EfficientNet-Lite0 features stand in for it in the paper's Figure 3" : ""
            absent.append(
                encoder == .vitB16
                    ? "the paper's encoder ViT-B/16 (its weights were not found: they do not ship offline\(standIn))"
                    : "the \(encoder.displayName) features (the encoder's weights were not found)")
        }
        if !absent.isEmpty { text += " **Not run:** " + Self.list(absent) + "." }
        return text
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// One row per present variant: its size, its networks, a link to its page.
    func variantIndex() -> HTMLTable {
        var table = HTMLTable(header: ["variant", "objects", "input", "classes", "networks", "trained"])
        table.numeric = [1, 3, 4, 5]
        table.trustedHTML = [0]
        table.rows = present.map { d in
            let own = results.configurations.filter { $0.variant == d.variant }
            return [
                HTMLTable.link(results.displayName(d.variant), Self.pageFile(d.variant.fileStem)),
                NumberFormat.grouped(d.objects), d.encoder == nil ? "\(d.features) pixels" : "\(d.features)-d features",
                "\(d.classes)", "\(own.count)", "\(own.filter(\.isTrained).count)",
            ]
        }
        return table
    }

    /// The findings about the whole run, outside the growing sample (its own section has those).
    func runFindings() -> String {
        let runWide = Self.byClass(findings(scope: "run", growing: false))
        return runWide.isEmpty ? "> No run-wide finding in this run." : runWide.map(\.markdown).joined(separator: "\n")
    }

    func variantNavigation(_ d: DatasetRecord) -> String {
        let others = present.filter { $0.variant != d.variant }.map { variantLink($0) }
        return "[← the report](index.html) · [verdicts](index.html#verdicts)"
            + (others.isEmpty ? "" : " · the other variants: " + others.joined(separator: " · "))
            + " · [Appendix A.2](appendix.html)"
    }

    func variantIntro(_ d: DatasetRecord) -> String {
        let own = results.configurations.filter { $0.variant == d.variant }
        func count(_ s: ConfigurationResult.Status) -> Int { own.filter { $0.status == s }.count }
        let input =
            d.encoder.map { "the \(d.features)-d features of \($0.displayName)" } ?? "\(d.features) pixels per object"
        return
            "\(NumberFormat.grouped(d.objects)) objects, \(input), \(d.classes) classes. \(own.count) networks: \(count(.trained)) trained, \(count(.untrained)) untrained, \(count(.dead)) dead, \(count(.diverged)) diverged. How the curve figures are drawn (lines, bands, dotted lines) is said [once, on the main page](index.html#how-to-read-the-curve-figures)."
    }

    /// A variant's findings outside the growing sample (that section has its own), then the
    /// networks left out of the statistics.
    public func variantFindings(_ d: DatasetRecord) -> String {
        var lines = Self.byClass(findings(scope: d.variant.fileStem, growing: false)).map(\.markdown)
        let excluded = results.configurations.filter { $0.variant == d.variant && !$0.isTrained }
        if !excluded.isEmpty {
            lines.append(
                "- Left out of the statistics: "
                    + excluded.map { c in
                        let note =
                            switch c.status {
                            case .dead: ", curve ≡ 0"
                            case .untrained: ", accuracy \(NumberFormat.fixed(c.accuracy, 3))"
                            case .trained, .diverged: ""
                            }
                        return "\(ReportFigures.legend(c)) seed \(c.globalSeed ?? 0) (\(c.status.rawValue)\(note))"
                    }.joined(separator: "; ") + ".")
        }
        return lines.isEmpty ? "> No finding for this variant." : lines.joined(separator: "\n")
    }

    /// The variant's own figures: the paper's two (unless the main text shows them), the
    /// landscape slices and surfaces, the measured constants. No figure appears on two pages.
    func variantPaperFigures(_ d: DatasetRecord) -> String {
        var parts: [String] = []
        if d.variant == mainVariant?.variant || d.variant == mainFeatureVariant?.variant {
            parts.append("The paper's two figures for this variant are [in the main text](index.html#experiments).")
        } else {
            parts += figures.paperFigures(d.variant).map(show)
        }
        // The main variant's headline figure (its surfaces, else its slices) is the first screen's.
        let onMain = d.variant == mainVariant?.variant ? headline : nil
        if let onMain, onMain.file == figures.surfaceFigure(d.variant)?.file {
            parts.append(
                "The landscape surfaces ℒₖ of this variant are [the main text's first figure](index.html#verdicts).")
        }
        let own = [
            figures.sliceFigure(d.variant), figures.surfaceFigure(d.variant), figures.surfaceDistanceFigure(d.variant),
            figures.constantsFigure(d.variant),
        ]
        parts += own.compactMap { $0 }.filter { $0.file != onMain?.file }.map(show)
        return parts.joined(separator: "\n\n")
    }
}
