import ArgumentParser
import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeData
import LandscapeExperiment

extension BenchCommand {
    /// How each stage's cost grows with the number of objects: one configuration run through the
    /// whole pipeline (training, losses, curves, slices, Hessian, spectrum, criteria, neighbourhood,
    /// surfaces) at several m, its time per stage and the log–log slope of time against m.
    struct Scale: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time every pipeline stage of one configuration at several sample sizes m, with growth exponents."
        )
        @OptionGroup var options: DataOptions
        @Option(help: "Dataset.") var dataset = "fashion-mnist"
        @Option(
            help:
                "Sample sizes m, comma-separated (the first m of the training split; default 10000,20000,40000,60000, with --synthetic 125000,250000,500000,1000000)."
        )
        var sizes: String?
        @Option(
            help:
                "Instead of a built-in dataset: a declared .npy dataset of this many synthetic objects, through the curve and criteria stages alone."
        )
        var synthetic: Int?
        @Option(help: "Hidden width h.") var width = 16
        @Option(help: "Hidden h × h layers L.") var depth = 5
        @Option(help: "Epochs (training grows with m by construction; fewer keep the bench short).") var epochs = 2

        func run() throws {
            let given = sizes ?? (synthetic == nil ? "10000,20000,40000,60000" : "125000,250000,500000,1000000")
            let ms = try given.split(separator: ",").map { text -> Int in
                guard let m = Int(text.trimmingCharacters(in: .whitespaces)), m >= 100 else {
                    throw ValidationError("--sizes: '\(text)' is not a sample size ≥ 100")
                }
                return m
            }
            guard ms.count >= 2 else { throw ValidationError("--sizes: give at least two sizes for an exponent") }
            if let synthetic {
                guard (100...10_000_000).contains(synthetic), ms.allSatisfy({ $0 <= synthetic }) else {
                    throw ValidationError("--synthetic: 100…10,000,000 objects, at least the largest of --sizes")
                }
                return try runSynthetic(count: synthetic, sizes: ms)
            }
            let name = try DatasetOption.builtIn(dataset)
            let descriptor = try DatasetDescriptors.builtIn.descriptor(name)
            var rows: [Row] = []
            for m in ms.sorted() {
                let data = try options.catalog.load(descriptor, count: m)
                var spec = ExperimentSpec.paper
                spec.datasets = [name]
                spec.objects = data.count
                spec.widths = [width]
                spec.depths = [depth]
                spec.seeds = [0]
                spec.encoders = []
                spec.growingSample = nil
                spec.training.epochs = epochs
                let c = Configuration(dataset: name, width: width, hiddenLayers: depth, globalSeed: 0)
                let clock = StageClock()
                let t0 = monotonicSeconds()
                _ = try ConfigurationRun.run(
                    c, data: data, inputBound: data.largestInputNorm(), spec: spec, clock: clock)
                rows.append(
                    Row(m: data.count, seconds: clock.seconds, wall: monotonicSeconds() - t0, rss: peakResidentMiB()))
                print(
                    String(
                        format: "m = %d: %.1f s, peak RSS %.0f MiB so far", data.count, rows.last!.wall, rows.last!.rss)
                )
            }
            Self.table(rows)
        }

        struct Row {
            let m: Int
            let seconds: [String: Double]
            let wall: Double
            let rss: Double
        }

        /// Seconds per stage at each m, the total, and each stage's growth exponent.
        static func table(_ rows: [Row]) {
            let stages = PipelineStage.allCases.map(\.rawValue).filter { s in rows.contains { ($0.seconds[s] ?? 0) > 0 }
            }
            let header =
                ["stage".padding(toLength: 15, withPad: " ", startingAt: 0)]
                + rows.map { String(format: "%10@", "m=\($0.m)") } + ["  exponent"]
            print(header.joined(separator: " "))
            for s in stages + ["total"] {
                let t = rows.map { s == "total" ? $0.wall : $0.seconds[s] ?? 0 }
                let cells = t.map { String(format: "%9.2fs", $0) }
                print(
                    ([s.padding(toLength: 15, withPad: " ", startingAt: 0)] + cells + [Self.exponent(rows.map(\.m), t)])
                        .joined(separator: " "))
            }
            print(
                "exponent: least-squares slope of log(time) on log(m); ≤ 1.2 is linear within noise. Peak RSS "
                    + rows.map { String(format: "%.0f", $0.rss) }.joined(separator: " → ") + " MiB.")
        }

        static func exponent(_ m: [Int], _ t: [Double]) -> String {
            let pairs = zip(m, t).filter { $0.1 > 0.005 } // below 5 ms the clock's noise decides
            guard pairs.count >= 2 else { return "         —" }
            let x = pairs.map { log(Double($0.0)) }, y = pairs.map { log($0.1) }
            let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
            let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
            let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
            return String(format: "%10.2f", sxy / sxx)
        }
    }
}
