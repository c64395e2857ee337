import ArgumentParser
import Foundation
import LandscapeAnalysis
import LandscapeCore
import LandscapeExperiment
import LandscapeModel

extension BenchCommand {
    struct Hessian: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Time the Hessian measurements on one trained network (MNIST, h = 16, N = 5), part by part, "
                + "and whole as a run measures a figure network.")
        @OptionGroup var one: OneNetworkOptions
        @Flag(help: "Skip the per-object norms by products in all N parameters (slow at large widths).")
        var skipParameterSpace = false

        func run() throws {
            let (name, data, arch) = try one.load()
            let n = arch.parameterCount, m = data.count
            func time<T>(_ what: String, _ body: () -> T) -> T { timed(what, body).value }
            print(
                "\(name.rawValue), h = \(one.width), N = \(one.depth): N = \(n) parameters, m = \(m) objects, one core")
            let trained = time("training") { one.train(name, data, arch) }
            let hvp = time("forward pass kept for H·v (Double)") {
                HessianVectorProduct(
                    network: trained.network.converted(to: Double.self), inputs: data.inputs.map(Double.init),
                    labels: data.labels)
            }
            let perObject = time("G-term and gradient norms of every object") { GaussNewton.perObject(hvp) }
            let sample = HessianMeasurement.sampleObjects(gaussNewton: perObject.gaussNewton)
            let seeds = sample.map { derivedSeed(1, "object", "\($0)") }
            let onS = time("‖H_i‖₂ of \(sample.count) objects, 20 Lanczos steps, on each object's subspace") {
                PerObjectHessian(hvp, objects: sample).spectralNorms(steps: 20, seeds: seeds)
            }
            if !skipParameterSpace {
                let inP = time("the same by products in all N parameters (what it replaced)") {
                    zip(sample, seeds).map { i, seed in
                        Lanczos.spectralNorm(dimension: n, steps: 20, seed: seed) {
                            hvp.apply($0, objects: i..<(i + 1))
                        }
                    }
                }
                let gap = zip(onS, inP).map { abs($0 - $1) / max($1, .leastNormalMagnitude) }.max() ?? 0
                print(String(format: "  largest relative difference of the two: %.2g", gap))
            }
            // A figure network's measurements, as a run makes them (the away study and the spectrum).
            let losses = hvp.losses()
            let constants = try NetworkConstants(
                network: trained.network, inputBound: data.largestInputNorm(), losses: losses)
            let spec = ExperimentSpec.paper
            let curve = ConvergenceCurve(
                losses: losses, permutations: spec.permutations, emaFactor: spec.emaFactor, seed: 1)
            let clock = StageClock()
            print("HessianMeasurement.measure, as on a figure network (the spectrum: ‖H_{k+1} − H^(k)‖₂):")
            clock.time(.hessian) {
                _ = HessianMeasurement.measure(
                    network: trained.network, initial: MLP<Float>(architecture: arch, seed: 2), inputs: data.inputs,
                    labels: data.labels, constants: constants,
                    away: .init(
                        curve: curve, permutations: spec.permutations, permutationSeed: 1, fractions: spec.radii),
                    withSpectrum: true, seed: 1, clock: clock)
            }
            print(StageClock.table(clock.seconds))
        }
    }
}
