import LandscapeAnalysis
import LandscapeCore
import LandscapeModel
import XCTest

/// The 2-D landscape surface against a plain Double forward pass of the moved network at every
/// grid point (no BLAS, no first-layer shortcut), with the directions and the order drawn as the
/// surface draws them.
final class LandscapeSurfaceTests: XCTestCase {
    /// ℓᵢ of a ReLU network in Double, by loops: n → h → [h → h] × L → K, biases if any.
    func referenceLosses(_ theta: [Double], _ a: MLPArchitecture, x: [Float], y: [Int32]) -> [Double] {
        (0..<y.count).map { r in
            var input = (0..<a.inputs).map { Double(x[r * a.inputs + $0]) }
            for (p, (o, i)) in a.layerShapes.enumerated() {
                let (w, b) = a.layerOffsets[p]
                var z = (0..<o).map { row in
                    (0..<i).reduce(a.bias ? theta[b + row] : 0) { $0 + theta[w + row * i + $1] * input[$1] }
                }
                if p < a.layerShapes.count - 1 { z = z.map { max(0, $0) } }
                input = z
            }
            let top = input.max()!
            let logSum = top + log(input.reduce(0) { $0 + exp($1 - top) })
            return logSum - input[Int(y[r])]
        }
    }

    func check(hiddenLayers: Int, bias: Bool) throws {
        let a = MLPArchitecture(inputs: 7, width: 5, hiddenLayers: hiddenLayers, classes: 3, bias: bias)
        let net = MLP<Float>(architecture: a, seed: 11)
        var rng = SeededGenerator(seed: 3)
        let m = 40
        let x = (0..<(m * 7)).map { _ in Float(rng.nextGaussian()) }
        let y = (0..<m).map { _ in Int32(rng.nextIndex(below: 3)) }
        let s = LandscapeSurface.measure(
            network: net, inputs: x, labels: y, sampleSizes: [1, 10, 25, m, 500], side: 5, span: 0.8, seed: 9)
        XCTAssertEqual(s.coordinates, [-0.8, -0.4, 0, 0.4, 0.8].map { $0 }, "the grid, θ̂ at its centre")
        XCTAssertEqual(s.sampleSizes, [1, 10, 25, m], "sizes above m are dropped")
        // The same draws as the measurement: d₁, d₂, then the order.
        var draws = SeededGenerator(seed: 9)
        let d1 = LandscapeSlice.filterNormalisedDirection(net, &draws)
        let d2 = LandscapeSlice.filterNormalisedDirection(net, &draws)
        var order = Array(0..<m)
        draws.shuffle(&order)
        for b in 0..<5 {
            for i in 0..<5 {
                let theta = (0..<net.parameters.count).map {
                    Double(net.parameters[$0]) + s.coordinates[i] * Double(d1[$0]) + s.coordinates[b] * Double(d2[$0])
                }
                let losses = referenceLosses(theta, a, x: x, y: y)
                for (j, k) in s.sampleSizes.enumerated() {
                    let expected = order.prefix(k).reduce(0) { $0 + losses[$1] } / Double(k)
                    // Float32 forward passes of a 3-layer-deep net on O(1) inputs: relative error
                    // ~1e-6 per loss; 1e-4 leaves two orders of margin and still catches a wrong
                    // direction, order or layer (those move ℒₖ by ≥ 1e-2 here).
                    XCTAssertEqual(
                        s.losses[j][b * 5 + i], expected, accuracy: 1e-4 * max(1, expected), "k \(k) at (\(i), \(b))")
                }
            }
        }
        let full = s.losses.last!
        for (j, (k, values)) in s.distancesFromFull.enumerated() {
            XCTAssertEqual(k, s.sampleSizes[j])
            XCTAssertEqual(values, zip(s.losses[j], full).map { abs($0 - $1) })
        }
        XCTAssertEqual(s.distancesFromFull.count, s.sampleSizes.count - 1)
    }

    func testTheSurfaceIsTheMovedNetworksMeanLossAtEveryGridPoint() throws {
        try check(hiddenLayers: 2, bias: false)
        try check(hiddenLayers: 1, bias: true)
    }

    /// With no hidden h × h layer the shortcut does not apply; the whole network runs per point.
    func testANetworkWithoutHiddenLayersIsEvaluatedWhole() throws {
        try check(hiddenLayers: 0, bias: false)
    }
}
