import Foundation
import LandscapeCore

/// The sbatch scripts of a sharded run: a features array (when the spec has encoders), the run
/// array, then merge and render, each `afterok` on the one before. Plain, commented scripts a
/// cluster user can read, edit and submit by hand; `submit.sh` submits the chain.
public struct SlurmBatch {
    /// The run folder (on a filesystem every node sees).
    public var folder: URL
    /// The landscape executable the jobs run (an absolute path every node sees).
    public var executable: String
    /// The resolved spec, written beside the scripts.
    public var spec: ExperimentSpec
    public var shards = 8
    public var partition: String?
    public var time = "04:00:00"
    public var cpus = 2
    public var memory: String?
    /// Extra flags the features and run jobs pass to `landscape run` (such as `--data-dir DIR`).
    public var extraArguments: [String] = []

    public init(folder: URL, executable: String, spec: ExperimentSpec) {
        self.folder = folder
        self.executable = executable
        self.spec = spec
    }

    public var scriptFolder: URL { folder.appendingPathComponent("slurm") }
    public var specURL: URL { scriptFolder.appendingPathComponent("spec.json") }

    /// Feature variants to extract: one array task each, at most `shards`.
    var featureTasks: Int { min(shards, spec.variants.filter { $0.encoder != nil }.count) }

    /// Writes spec.json, the .sbatch files and submit.sh under `folder/slurm/`; returns submit.sh.
    @discardableResult
    public func write() throws -> URL {
        // Each value lands in a script line; a newline in one would start a command of its own.
        for value in [folder.path, executable, partition ?? "", time, memory ?? ""] + extraArguments {
            if let problem = CommandLinePath.controlCharacterProblem(value) {
                throw LandscapeError("slurm: \(problem)")
            }
        }
        try FileManager.default.createDirectory(
            at: scriptFolder.appendingPathComponent("logs"), withIntermediateDirectories: true)
        try AtomicFile.write(RunStore.encoder.encode(spec), to: specURL)
        var files: [(String, String)] = []
        if featureTasks > 0 {
            files.append(
                (
                    "features.sbatch",
                    script(
                        name: "features", array: featureTasks, cpus: cpus,
                        purpose: "Extract the encoder features (one variant per task), into the feature cache.",
                        command: [
                            "run", "--spec", specURL.path, "--out", folder.path, "--shard", "auto", "--features-only",
                            "--jobs", "${SLURM_CPUS_PER_TASK:-1}",
                        ] + extraArguments)
                ))
        }
        files.append(
            (
                "run.sbatch",
                script(
                    name: "run", array: shards, cpus: cpus,
                    purpose: "Train and measure this task's share of the grid (dealt out by estimated cost).",
                    command: [
                        "run", "--spec", specURL.path, "--out", folder.path, "--shard", "auto", "--jobs",
                        "${SLURM_CPUS_PER_TASK:-1}",
                    ] + extraArguments)
            ))
        files.append(
            (
                "merge.sbatch",
                script(
                    name: "merge", array: nil, cpus: 1,
                    purpose: "Assemble results.json, curves.csv and provenance.json; lists what is missing otherwise.",
                    command: ["merge", folder.path])
            ))
        files.append(
            (
                "render.sbatch",
                script(
                    name: "render", array: nil, cpus: cpus,
                    purpose: "Render the report: figures, report.md, index.html.",
                    command: ["render", folder.path])
            ))
        for (name, text) in files { try AtomicFile.write(text, to: scriptFolder.appendingPathComponent(name)) }
        let submit = scriptFolder.appendingPathComponent("submit.sh")
        try AtomicFile.write(submitScript(), to: submit)
        chmod(submit.path, 0o755)
        return submit
    }

    func script(name: String, array: Int?, cpus: Int, purpose: String, command: [String]) -> String {
        var lines = [
            "#!/bin/bash", "# landscape: \(purpose)",
            "# Written by `landscape slurm`; submit the chain with submit.sh.",
            "#SBATCH --job-name=landscape-\(name)",
        ]
        if let array { lines.append("#SBATCH --array=1-\(array)") }
        lines.append("#SBATCH --cpus-per-task=\(cpus)")
        lines.append("#SBATCH --time=\(time)")
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let memory { lines.append("#SBATCH --mem=\(memory)") }
        lines.append("#SBATCH --output=\(scriptFolder.path)/logs/\(name)-%\(array == nil ? "j" : "A_%a").out")
        lines += [
            "", "set -euo pipefail",
            ([Self.quote(executable)] + command.map(Self.quoteExceptVariables)).joined(separator: " "), "",
        ]
        return lines.joined(separator: "\n")
    }

    func submitScript() -> String {
        let dir = Self.quote(scriptFolder.path)
        var lines = [
            "#!/bin/bash",
            "# Submits the landscape chain: \(featureTasks > 0 ? "features → " : "")run (\(shards) tasks) → merge → render.",
            "# Resubmitting after a failed or cancelled task runs only what is missing.",
            "set -euo pipefail", "cd \(dir)", "after=\"\"",
        ]
        func submit(_ variable: String, _ file: String) {
            lines.append(
                "\(variable)=$(sbatch --parsable --kill-on-invalid-dep=yes ${after:+--dependency=afterok:$after} \(file))"
            )
            lines.append("\(variable)=${\(variable)%%;*}")
            lines.append("after=$\(variable)")
        }
        if featureTasks > 0 { submit("features", "features.sbatch") }
        submit("run", "run.sbatch")
        submit("merge", "merge.sbatch")
        submit("render", "render.sbatch")
        lines.append("echo \"run=$run merge=$merge render=$render\(featureTasks > 0 ? " features=$features" : "")\"")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Single-quoted for bash.
    static func quote(_ s: String) -> String {
        s.allSatisfy { $0.isLetter || $0.isNumber || "/._-=,:".contains($0) }
            ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Quoted, except `${…}` shell parameters, which must expand.
    static func quoteExceptVariables(_ s: String) -> String { s.hasPrefix("${") ? "\"\(s)\"" : quote(s) }
}
