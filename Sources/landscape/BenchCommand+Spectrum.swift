import ArgumentParser
import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeExperiment
import LandscapeModel

extension BenchCommand {
    struct Spectrum: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Time the spectrum's parts on one trained network (MNIST, h = 16, N = 5, 10,000 objects, one core).")
        @OptionGroup var one: OneNetworkOptions
        @Option(help: "Hutchinson probes.") var probes = 100
        @Option(help: "SLQ runs.") var runs = 10
        @Option(help: "Lanczos steps per SLQ run.") var steps = 80
        @Option(
            help:
                "Also write the trained network (network.safetensors), its inputs and labels (.npy) to this folder, for scripts/pyhessian_spectrum.py."
        )
        var export: String?

        func run() throws {
            let (name, data, arch) = try one.load()
            let trained = one.train(name, data, arch)
            let hvp = HessianVectorProduct(
                network: trained.network.converted(to: Double.self), inputs: data.inputs.map(Double.init),
                labels: data.labels)
            let kernel = hvp.kernel.converted(to: Float.self)
            if let export {
                let folder = URL(fileURLWithPath: export)
                try AtomicFile.write(
                    NetworkWeights.encode(id: "bench", trained: trained.network, initial: trained.network),
                    to: folder.appendingPathComponent("network.safetensors"))
                try AtomicFile.write(
                    NPY.encode(data.inputs, shape: [data.count, data.features]),
                    to: folder.appendingPathComponent("inputs.npy"))
                try AtomicFile.write(
                    NPY.encode(data.labels.map(Double.init), shape: [data.count]),
                    to: folder.appendingPathComponent("labels.npy"))
            }
            let n = arch.parameterCount, m = data.count
            print("network: \(arch.parameterCount) parameters, \(m) objects, BLAS kernel \(BLAS.kernel), one thread")
            func time<R>(_ label: String, _ body: () -> R) -> R {
                let t0 = monotonicSeconds()
                let r = body()
                print(String(format: "%@: %.3f s", label, monotonicSeconds() - t0))
                return r
            }
            let v = SpectralQuadrature.rademacher(n, seed: 1)
            _ = time("one H·v, Double") { hvp.apply(v) }
            _ = time("one H·v, Float") { kernel.apply([v], objects: 0..<m) }
            let block = (0..<10).map { SpectralQuadrature.rademacher(n, seed: UInt64($0)) }
            _ = time("ten H·v as one block, Float") { kernel.apply(block, objects: 0..<m) }
            _ = time("ten G·v as one block, Float") { kernel.apply(block, objects: 0..<m, gaussNewton: true) }
            let top = time("top eigenvalue (Lanczos to a 1e-3 step change)") {
                Lanczos.largest(dimension: n, tolerance: 1e-3, seed: 2) { kernel.apply([$0], objects: 0..<m)[0] }
            }
            print(String(format: "  λ_max = %.6g after %d products", top.value, top.products))
            let hutchinson = time("Hutchinson trace, \(probes) probes") {
                TraceEstimate.hutchinson(dimension: n, probes: probes, seed: 3) { kernel.apply($0, objects: 0..<m) }
            }
            let exact = time("exact trace (per-object K × K Grams)") {
                GaussNewton.layerTraces(hvp).reduce(0) { $0 + $1.reduce(0, +) } / Double(m)
            }
            print(
                String(
                    format: "  Hutchinson %.6g ± %.2g, exact %.6g", hutchinson.value, hutchinson.standardError, exact))
            let slq = time("SLQ density, \(runs) runs × \(steps) steps") {
                SpectralQuadrature.measure(dimension: n, runs: runs, steps: steps, seed: 4) {
                    kernel.apply($0, objects: 0..<m)
                }
            }
            print(String(format: "  λ range [%.4g, %.4g], SLQ trace %.6g", slq.smallest, slq.largest, slq.trace.value))
            if let r = slq.runs.first {
                print(
                    "  first run's top Ritz values (residual): "
                        + zip(r.nodes, r.residuals).reversed().prefix(40).map {
                            String(format: "%.4g (%.1e)", $0.0, $0.1)
                        }.joined(separator: ", "))
            }
            print(String(format: "  broadening width %.4g", slq.width))
            var settings = CriteriaSettings()
            settings.kinds = [SpectrumCriterion.name]
            let subject = CriterionSubject(
                network: trained.network, inputs: data.inputs, labels: data.labels, settings: settings, sampled: [],
                permutations: 1, permutationSeed: 0, seed: 5, figure: true)
            if ProcessInfo.processInfo.environment["LANDSCAPE_BENCH_PARTS_ONLY"] != nil { return }
            let record = time("the spectrum criterion at the defaults (figures' network)") {
                SpectrumCriterion.measure(subject)
            }
            settings.spectrumOrderings = 0
            let withoutCurve = CriterionSubject(
                network: trained.network, inputs: data.inputs, labels: data.labels, settings: settings, sampled: [],
                permutations: 1, permutationSeed: 0, seed: 5, figure: true)
            _ = time("… without the convergence curve") { SpectrumCriterion.measure(withoutCurve) }
            settings.spectrumOrderings = CriteriaSettings().spectrumOrderings
            let others = CriterionSubject(
                network: trained.network, inputs: data.inputs, labels: data.labels, settings: settings, sampled: [],
                permutations: 1, permutationSeed: 0, seed: 5, figure: false)
            _ = time("… on a network other than the figures' (one run each, no details)") {
                SpectrumCriterion.measure(others)
            }
            if let r = record {
                print(
                    "  outliers: H \(r.hessian.outliers.count) (edge \(r.hessian.outliers.bulkEdge)), G \(r.gaussNewton.outliers.count)"
                )
            }
        }
    }
}
