import LandscapeCore
import LandscapeModel

/// The constants the paper's bounds are built from, measured on a trained network (Double).
public struct NetworkConstants: Codable, Hashable, Sendable {
    /// ‖W^(p)‖₂ of each layer, input to output.
    public let layerSpectralNorms: [Double]
    /// M_W: the largest layer spectral norm.
    public let spectralBound: Double
    /// M: the largest |w_ij| over all layers.
    public let largestWeight: Double
    /// M_x: the largest input norm ‖x_i‖₂.
    public let inputBound: Double
    /// M_ℓ: the largest per-object loss at θ̂.
    public let largestLoss: Double
    /// Theorem 1's L = N + 2.
    public let linearLayers: Int

    public init(network: MLP<Float>, inputBound: Double, losses: [Double]) throws {
        let a = network.architecture
        layerSpectralNorms = try a.layerShapes.indices.map { p in
            try LAPACK.singularValues(network.weights(p), rows: a.layerShapes[p].out, cols: a.layerShapes[p].in).first
                ?? 0
        }
        spectralBound = layerSpectralNorms.max() ?? 0
        largestWeight = network.parameters.reduce(0) { max($0, abs(Double($1))) }
        self.inputBound = inputBound
        largestLoss = losses.max() ?? 0
        linearLayers = a.linearLayers
    }

    public init(
        layerSpectralNorms: [Double], largestWeight: Double, inputBound: Double, largestLoss: Double, linearLayers: Int
    ) {
        self.layerSpectralNorms = layerSpectralNorms
        spectralBound = layerSpectralNorms.max() ?? 0
        self.largestWeight = largestWeight
        self.inputBound = inputBound
        self.largestLoss = largestLoss
        self.linearLayers = linearLayers
    }

    /// Theorem 1's bound on ‖H_i‖₂ with the measured M_W and M_x.
    public var theoremOne: LogValue {
        TheoremOneBound.value(spectralBound: spectralBound, inputBound: inputBound, linearLayers: linearLayers)
    }

    /// Theorem 1's bound with Lemma 1's M_W = hM.
    public func lemmaOne(width h: Int) -> LogValue {
        LemmaOneBound.value(width: h, largestWeight: largestWeight, inputBound: inputBound, linearLayers: linearLayers)
    }

    /// Lemma 2's bound at sample size k for radius R, with Theorem 1's H_bound.
    public func lemmaTwo(k: Int, radius: Double) -> LogValue {
        LemmaTwoBound.value(k: k, largestLoss: largestLoss, hessianBound: theoremOne, radius: radius)
    }
}
