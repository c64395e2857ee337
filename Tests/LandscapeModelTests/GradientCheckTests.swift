import LandscapeCore
import LandscapeModel
import Numerics
import XCTest

/// Backward pass vs central finite differences of the forward loss, all in Double.
final class GradientCheckTests: XCTestCase {
    /// Mean cross-entropy of `net` on (x, y), from the forward pass alone.
    func meanLoss(_ net: MLP<Double>, _ x: [Double], _ y: [Int32]) -> Double {
        Evaluation.evaluate(net, inputs: x, labels: y).meanLoss
    }

    func check(inputs n: Int, width h: Int, hidden: Int, classes k: Int, bias: Bool, batch: Int, seed: UInt64) {
        let arch = MLPArchitecture(inputs: n, width: h, hiddenLayers: hidden, classes: k, bias: bias)
        var net = MLP<Double>(architecture: arch, seed: seed)
        var rng = SeededGenerator(seed: seed + 1)
        // Scale weights up a little so ReLUs are active and the logits are not all tiny.
        net.parameters = net.parameters.map { $0 * 1.5 }
        let x = (0..<(batch * n)).map { _ in rng.nextGaussian() }
        let y = (0..<batch).map { _ in Int32(rng.nextIndex(below: k)) }

        let ws = MLPWorkspace<Double>(architecture: arch, capacity: batch)
        var d = [Double](repeating: 0, count: batch * k)
        var g = [Double](repeating: 0, count: arch.parameterCount)
        x.withUnsafeBufferPointer { xp in
            net.forward(xp.baseAddress!, batch: batch, workspace: ws)
            _ = SoftmaxCrossEntropy.forwardBackward(logits: ws.logits, labels: y, batch: batch, classes: k, dLogits: &d)
            net.backward(xp.baseAddress!, batch: batch, workspace: ws, dLogits: d, gradient: &g)
        }
        // Central differences: truncation O(δ²·|ℓ'''|) ≈ 1e-10, rounding O(ε/δ) ≈ 1e-11 relative
        // to O(1) gradients, so 1e-6 relative leaves a wide margin but catches any wrong term.
        let delta = 1e-5
        var fd = [Double](repeating: 0, count: g.count)
        for j in 0..<g.count {
            var plus = net, minus = net
            plus.parameters[j] += delta
            minus.parameters[j] -= delta
            fd[j] = (meanLoss(plus, x, y) - meanLoss(minus, x, y)) / (2 * delta)
        }
        let diff = zip(g, fd).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        let norm = fd.map { $0 * $0 }.reduce(0, +).squareRoot()
        XCTAssertGreaterThan(norm, 1e-3, "gradient too small to test anything")
        XCTAssertLessThanOrEqual(
            diff / norm, 1e-6, "n=\(n) h=\(h) N=\(hidden) K=\(k) bias=\(bias): relative error \(diff / norm)")
    }

    func testShallowWithoutBias() { check(inputs: 5, width: 4, hidden: 0, classes: 3, bias: false, batch: 6, seed: 11) }
    func testDeepWithoutBias() { check(inputs: 7, width: 6, hidden: 3, classes: 4, bias: false, batch: 5, seed: 12) }
    func testWideWithBias() { check(inputs: 6, width: 9, hidden: 1, classes: 10, bias: true, batch: 4, seed: 13) }
    func testDeepWithBias() { check(inputs: 4, width: 5, hidden: 5, classes: 3, bias: true, batch: 8, seed: 14) }

    /// Per-object gradient norms (one batched pass, outer-product identity) against the norm of
    /// each object's own finite-difference gradient, in Double; chunks smaller than the batch so
    /// the chunking is exercised. Same tolerance argument as above.
    func testPerObjectGradientNormsMatchFiniteDifferences() {
        for (bias, hidden, seed) in [(false, 2, UInt64(21)), (true, 1, 22), (false, 0, 23)] {
            let arch = MLPArchitecture(inputs: 5, width: 6, hiddenLayers: hidden, classes: 4, bias: bias)
            var net = MLP<Double>(architecture: arch, seed: seed)
            net.parameters = net.parameters.map { $0 * 1.5 }
            var rng = SeededGenerator(seed: seed + 1)
            let count = 7
            let x = (0..<(count * 5)).map { _ in rng.nextGaussian() }
            let y = (0..<count).map { _ in Int32(rng.nextIndex(below: 4)) }
            let norms = net.perObjectGradientNorms(x, labels: y, chunk: 3)
            for i in 0..<count {
                let xi = Array(x[(i * 5)..<((i + 1) * 5)]), yi = [y[i]]
                var squared = 0.0
                for j in 0..<arch.parameterCount {
                    var plus = net, minus = net
                    plus.parameters[j] += 1e-5
                    minus.parameters[j] -= 1e-5
                    let d = (meanLoss(plus, xi, yi) - meanLoss(minus, xi, yi)) / 2e-5
                    squared += d * d
                }
                XCTAssertEqual(norms[i], squared.squareRoot(), accuracy: 1e-6 * max(1, squared.squareRoot()))
            }
        }
    }
}
