import ArgumentParser
import Foundation
import LandscapeCore
import LandscapeExperiment

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract:
            "Assemble a sharded run folder: results.json, curves.csv, provenance.json (exit 1 and the list when configurations are missing)."
    )
    @Argument(help: "The run folder the shards wrote.") var folder: String

    func run() throws {
        do {
            let results = try RunMerge.merge(folder: CommandLinePath.check(folder, option: "merge FOLDER"))
            print("\(folder): merged \(results.configurations.count) configurations")
        } catch let incomplete as RunMerge.Incomplete {
            print("\(incomplete.description):")
            for id in incomplete.missing { print("  \(id)") }
            print(
                "Run the shards that hold them again (`landscape run --shard I/N`, or resubmit with `landscape slurm … --submit`); finished ones are skipped."
            )
            throw ExitCode(1)
        }
    }
}

struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract:
            "Write sbatch scripts for a sharded run (features, run array, merge, render; each afterok on the last), and submit them with --submit."
    )
    @Argument(help: "The run folder, on a filesystem every node sees.") var folder: String
    @OptionGroup var specOptions: SpecOptions
    @Option(help: "Array tasks of the run.") var shards = 8
    @Option(help: "Slurm partition (default: the cluster's).") var partition: String?
    @Option(help: "Time limit per task (Slurm's format).") var time = "04:00:00"
    @Option(help: "CPUs per task (each task runs that many configurations side by side).") var cpus = 2
    @Option(help: "Memory per task (Slurm's format, such as 8G; default: the partition's).") var mem: String?
    @Option(help: "Data folder the jobs pass to landscape (default: their own lookup).") var dataDir: String?
    @Flag(help: "Submit the chain with sbatch and print the job ids.") var submit = false

    func run() throws {
        guard (1...Shard.limit).contains(shards) else { throw ValidationError("--shards must be 1 to \(Shard.limit)") }
        guard cpus >= 1 else { throw ValidationError("--cpus must be at least 1") }
        // Every value below is written into the sbatch scripts: no control characters anywhere.
        for (option, value) in [("--partition", partition), ("--time", time), ("--mem", mem)] {
            if let value,
                let problem = CommandLinePath.controlCharacterProblem(value)
                    ?? (value.contains(" ") ? "holds a space" : nil)
            {
                throw LandscapeError("\(option): \(problem)")
            }
        }
        let spec = try specOptions.resolved().spec
        let folderURL = try CommandLinePath.check(folder, option: "slurm FOLDER").standardizedFileURL
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        _ = try CommandLinePath.check(executable, option: "the landscape executable's path")
        var batch = SlurmBatch(folder: folderURL, executable: executable, spec: spec)
        batch.shards = shards
        batch.partition = partition
        batch.time = time
        batch.cpus = cpus
        batch.memory = mem
        if let dataDir {
            batch.extraArguments = [
                "--data-dir", try CommandLinePath.check(dataDir, option: "--data-dir").standardizedFileURL.path,
            ]
        }
        let script = try batch.write()
        print(
            "wrote \(batch.scriptFolder.path): \(try FileManager.default.contentsOfDirectory(atPath: batch.scriptFolder.path).filter { $0.hasSuffix(".sbatch") }.sorted().joined(separator: ", ")), submit.sh"
        )
        guard submit else {
            print("submit with: \(script.path)")
            return
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [script.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(
            in: .whitespacesAndNewlines)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw LandscapeError(file: script.path, "sbatch failed (exit \(p.terminationStatus)); see above")
        }
        print("submitted: \(text)")
        let ids = text.split(separator: " ").compactMap { $0.split(separator: "=").last.map(String.init) }
        print("follow:   squeue --jobs \(ids.joined(separator: ","))")
        print("after:    sacct --jobs \(ids.joined(separator: ",")) --format=JobID,JobName,State,Elapsed")
        print("logs:     \(batch.scriptFolder.path)/logs/")
        print(
            "report:   \(folderURL.path)/index.html once the render job is done; resubmit the same command to run only what is missing"
        )
    }
}
