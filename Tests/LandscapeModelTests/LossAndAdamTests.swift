import LandscapeCore
import LandscapeModel
import Numerics
import XCTest

final class LossAndAdamTests: XCTestCase {
    func testCrossEntropyHandComputed() {
        // z = (1, 2, 3), y = 0: ℓ = log(e + e² + e³) − 1 = 2.4076059644443806.
        let z: [Double] = [1, 2, 3]
        XCTAssertTrue(
            z.withUnsafeBufferPointer { SoftmaxCrossEntropy.loss($0.baseAddress!, classes: 3, label: 0) }
                .isApproximatelyEqual(to: 2.4076059644443806, relativeTolerance: 1e-14))
        // Gradient for a batch of one: softmax − onehot = (0.09003057, 0.24472847, 0.66524096) − (1, 0, 0).
        var d = [Double](repeating: 0, count: 3)
        let (sum, correct) = SoftmaxCrossEntropy.forwardBackward(
            logits: z, labels: [0], batch: 1, classes: 3, dLogits: &d)
        XCTAssertEqual(sum, 2.4076059644443806, accuracy: 1e-14)
        XCTAssertEqual(correct, 0)
        for (got, want) in zip(d, [0.09003057317038046 - 1, 0.24472847105479767, 0.6652409557748219]) {
            XCTAssertEqual(got, want, accuracy: 1e-15)
        }
    }

    func testCrossEntropyHugeLogitsDoNotOverflow() {
        let z: [Float] = [30_000, 0, -30_000] // exp(30000) overflows any float type
        var d = [Float](repeating: 0, count: 6)
        let (sum, correct) = SoftmaxCrossEntropy.forwardBackward(
            logits: z + [0, 30_000, 0], labels: [0, 0], batch: 2, classes: 3, dLogits: &d)
        // Object 1: ℓ = 0; object 2: ℓ = 30000 − 0 = 30000. Mean gradient halves each row.
        XCTAssertEqual(sum, 30_000, accuracy: 1e-2)
        XCTAssertEqual(correct, 1)
        XCTAssertEqual(d, [0, 0, 0, -0.5, 0.5, 0])
        XCTAssertTrue(
            z.withUnsafeBufferPointer { SoftmaxCrossEntropy.loss($0.baseAddress!, classes: 3, label: 2) } == 60_000)
    }

    /// Two Adam steps by hand from torch's formula, lr = 1e-3, β = (0.9, 0.999), ε = 1e-8.
    func testAdamStepsMatchTheFormula() {
        var adam = Adam<Double>(parameterCount: 2)
        var theta: [Double] = [1.0, -2.0]
        adam.update(&theta, gradient: [0.5, -0.1])
        // Step 1: m = 0.1·g, v = 0.001·g², m̂ = g, v̂ = g²: θ −= 1e-3 · g / (|g| + 1e-8).
        XCTAssertEqual(theta[0], 1.0 - 1e-3 * 0.5 / (0.5 + 1e-8), accuracy: 1e-15)
        XCTAssertEqual(theta[1], -2.0 + 1e-3 * 0.1 / (0.1 + 1e-8), accuracy: 1e-15)
        adam.update(&theta, gradient: [-0.3, 0.2])
        // Step 2 for θ₀: m = 0.9·0.05 + 0.1·(−0.3) = 0.015; v = 0.999·0.00025 + 0.001·0.09 = 0.00033975;
        // θ₀ −= (1e-3 / (1 − 0.81)) · m / (√v / √(1 − 0.998001) + 1e-8).
        let m = 0.015, v = 0.00033975
        let expected =
            (1.0 - 1e-3 * 0.5 / (0.5 + 1e-8)) - (1e-3 / 0.19) * m / (v.squareRoot() / (0.001999).squareRoot() + 1e-8)
        XCTAssertEqual(theta[0], expected, accuracy: 1e-15)
    }

    func testInitialisationIsPyTorchUniform() {
        let arch = MLPArchitecture(inputs: 400, width: 50, hiddenLayers: 1, classes: 10)
        let net = MLP<Float>(architecture: arch, seed: 3)
        let first = net.weights(0), bound = 1 / 400.0.squareRoot()
        XCTAssertTrue(first.allSatisfy { abs($0) <= bound })
        // U(−b, b) has variance b²/3; with 20,000 draws the sample variance is within 3 %.
        let variance = first.map { $0 * $0 }.reduce(0, +) / Double(first.count)
        XCTAssertEqual(variance, bound * bound / 3, accuracy: 0.03 * bound * bound / 3)
        XCTAssertTrue(net.weights(1).allSatisfy { abs($0) <= 1 / 50.0.squareRoot() })
    }
}
