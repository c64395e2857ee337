import Foundation
import LandscapeCore
import LandscapeExperiment
import TestSupport
import XCTest

/// Shards, their merge, and the sbatch scripts, without a cluster (SlurmClusterTests has one).
final class ShardTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    /// Every configuration lands in exactly one shard, the shards' estimated costs differ by at
    /// most the largest single cost (the greedy rule's guarantee), and the deal depends on the
    /// spec alone.
    func testShardsPartitionTheGridAndBalanceCost() throws {
        let spec = ExperimentSpec.paper
        let all = spec.configurations(for: spec.variants)
        for n in [1, 2, 3, 8, 50] {
            let shards = try (1...n).map { try Shard(index: $0, count: n).configurations(of: spec) }
            XCTAssertEqual(shards.reduce(0) { $0 + $1.count }, all.count, "n = \(n)")
            XCTAssertEqual(shards.reduce(Set<String>()) { $0.union($1) }, Set(all.map(\.id)))
            let loads = shards.map { ids in
                all.filter { ids.contains($0.id) }.reduce(0.0) { $0 + ConfigurationRun.cost($1, .builtIn) }
            }
            let largest = all.map { ConfigurationRun.cost($0, .builtIn) }.max()!
            XCTAssertLessThanOrEqual(loads.max()! - loads.min()!, largest + 1e-9, "n = \(n)")
        }
        XCTAssertEqual(
            try Shard(index: 2, count: 8).configurations(of: spec),
            try Shard(index: 2, count: 8).configurations(of: spec))
    }

    func testShardParsing() throws {
        XCTAssertEqual(try Shard.parse("2/8"), try Shard(index: 2, count: 8))
        XCTAssertEqual(
            try Shard.parse(
                "auto",
                environment: ["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "4", "SLURM_ARRAY_TASK_COUNT": "3"]),
            try Shard(index: 2, count: 3))
        for bad in ["0/2", "3/2", "2", "a/b", "1/0", "1/2/3", ""] {
            XCTAssertThrowsError(try Shard.parse(bad), bad) { XCTAssertTrue("\($0)".contains("--shard"), "\($0)") }
        }
        XCTAssertThrowsError(try Shard.parse("auto", environment: [:])) {
            XCTAssertTrue("\($0)".contains("SLURM_ARRAY_TASK_ID"))
        }
    }

    /// Three shards into one folder, in any order, then merge: results.json byte-identical to a
    /// one-machine run. Merging early names exactly the missing configurations.
    func testShardsThenMergeEqualOneRun() throws {
        let data = dir.file("data")
        try TinyGrid.writeFashionMNIST(to: data, heldOut: 60)
        var spec = TinyGrid.spec(widths: [4, 8], depths: [1, 2], objects: 200)
        spec.seeds = [0, 1]
        // The growing sample too: its order and next-object draws are the network's own seeds.
        var growing = GrowingSampleSettings()
        growing.sizes = [50, 100]
        spec.growingSample = growing
        let whole = dir.file("whole"), sharded = dir.file("sharded")
        try TinyGrid.runner(spec, folder: whole, data: data, home: dir.url).run()
        let runner = TinyGrid.runner(spec, folder: sharded, data: data, home: dir.url)
        try runner.runShard(Shard(index: 3, count: 3))
        XCTAssertThrowsError(try RunMerge.merge(folder: sharded)) { error in
            guard let incomplete = error as? RunMerge.Incomplete else { return XCTFail("\(error)") }
            let expected = Set(spec.configurations(for: spec.variants).map(\.id)).subtracting(
                try! Shard(index: 3, count: 3).configurations(of: spec))
            XCTAssertEqual(Set(incomplete.missing), expected)
        }
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: sharded.appendingPathComponent("results.json").path),
            "nothing half-merged")
        try runner.runShard(Shard(index: 1, count: 3))
        try runner.runShard(Shard(index: 2, count: 3))
        let again = try runner.runShard(Shard(index: 2, count: 3))
        XCTAssertEqual(again.ran, 0, "a finished shard runs nothing")
        try RunMerge.merge(folder: sharded)
        let merged = try RunStore.readResults(sharded.appendingPathComponent("results.json"))
        XCTAssertTrue(merged.configurations.contains { $0.growingSample?.points.count == 3 })
        XCTAssertEqual(
            try Data(contentsOf: sharded.appendingPathComponent("results.json")),
            try Data(contentsOf: whole.appendingPathComponent("results.json")))
        XCTAssertEqual(
            try Data(contentsOf: sharded.appendingPathComponent("curves.csv")),
            try Data(contentsOf: whole.appendingPathComponent("curves.csv")))
    }

    /// A shard refuses --force and a folder holding another spec, with one line each.
    func testShardRefusals() throws {
        let data = dir.file("data")
        try TinyGrid.writeFashionMNIST(to: data)
        let spec = TinyGrid.spec(widths: [4], depths: [1], objects: 100)
        var runner = TinyGrid.runner(spec, folder: dir.file("out"), data: data, home: dir.url)
        runner.force = true
        XCTAssertThrowsError(try runner.runShard(Shard(index: 1, count: 2))) {
            XCTAssertTrue("\($0)".contains("--force"))
        }
        runner.force = false
        try runner.runShard(Shard(index: 1, count: 2))
        var other = spec
        other.widths = [8]
        XCTAssertThrowsError(
            try TinyGrid.runner(other, folder: dir.file("out"), data: data, home: dir.url).runShard(
                Shard(index: 1, count: 2))
        ) {
            XCTAssertTrue("\($0)".contains("different spec"))
        }
    }

    /// The scripts a cluster user gets: the array, the afterok chain, bash-valid.
    func testSlurmScriptsChainTheJobs() throws {
        var spec = TinyGrid.spec(widths: [4], depths: [1], objects: 100)
        spec.encoders = [.efficientNetLite0]
        var batch = SlurmBatch(folder: dir.file("run folder"), executable: "/opt/landscape/bin/landscape", spec: spec)
        batch.shards = 4
        batch.partition = "gpu"
        batch.memory = "8G"
        let submit = try batch.write()
        let folder = batch.scriptFolder
        let run = try String(contentsOf: folder.appendingPathComponent("run.sbatch"), encoding: .utf8)
        XCTAssertTrue(run.contains("#SBATCH --array=1-4"))
        XCTAssertTrue(run.contains("#SBATCH --partition=gpu"))
        XCTAssertTrue(run.contains("#SBATCH --mem=8G"))
        XCTAssertTrue(run.contains("--shard auto"))
        XCTAssertTrue(run.contains("'\(dir.file("run folder").path)'"), "paths with spaces are quoted")
        let features = try String(contentsOf: folder.appendingPathComponent("features.sbatch"), encoding: .utf8)
        XCTAssertTrue(features.contains("#SBATCH --array=1-1"), "one task per feature variant")
        let chain = try String(contentsOf: submit, encoding: .utf8)
        XCTAssertEqual(chain.components(separatedBy: "--dependency=afterok:$after").count - 1, 4)
        XCTAssertEqual(try ExperimentSpec.load(batch.specURL), spec)
        for file in ["features.sbatch", "run.sbatch", "merge.sbatch", "render.sbatch", "submit.sh"] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["-n", folder.appendingPathComponent(file).path]
            try p.run()
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, "\(file) is not valid bash")
        }
    }
}
