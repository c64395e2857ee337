/// The paper's network: `n → h → [h → h] × N → K`, ReLU after every linear layer but the last.
/// `hiddenLayers` is the N of the reference code and the figures' legends ("L = 5");
/// Theorem 1's L counts every linear layer: `linearLayers = N + 2`.
public struct MLPArchitecture: Codable, Hashable, Sendable {
    public let inputs: Int
    public let width: Int
    public let hiddenLayers: Int
    public let classes: Int
    /// Off by default (the reference code and Theorem 1 drop biases).
    public let bias: Bool

    public init(inputs: Int, width: Int, hiddenLayers: Int, classes: Int, bias: Bool = false) {
        precondition(inputs > 0 && width > 0 && hiddenLayers >= 0 && classes > 1)
        self.inputs = inputs
        self.width = width
        self.hiddenLayers = hiddenLayers
        self.classes = classes
        self.bias = bias
    }

    /// Theorem 1's L: the number of linear layers.
    public var linearLayers: Int { hiddenLayers + 2 }

    /// (fan-out, fan-in) of each linear layer, input to output.
    public var layerShapes: [(out: Int, in: Int)] {
        [(width, inputs)] + Array(repeating: (width, width), count: hiddenLayers) + [(classes, width)]
    }

    /// Where layer p's weights (out×in, row-major) and bias (out) start in the flat parameter vector.
    public var layerOffsets: [(weights: Int, bias: Int)] {
        var offsets: [(Int, Int)] = []
        var at = 0
        for (o, i) in layerShapes {
            let w = at
            at += o * i
            offsets.append((w, at))
            if bias { at += o }
        }
        return offsets
    }

    public var parameterCount: Int {
        layerShapes.reduce(0) { $0 + $1.out * $1.in + (bias ? $1.out : 0) }
    }

    /// Multiply-adds × 2 for one object's forward pass.
    public var forwardFLOPs: Double { Double(layerShapes.reduce(0) { $0 + 2 * $1.out * $1.in }) }

    /// FLOPs of one training step per object: forward, the weight gradient, and the input
    /// gradient for every layer but the first (no gradient is needed for the data).
    public var trainingFLOPs: Double {
        let first = layerShapes[0]
        return 3 * forwardFLOPs - Double(2 * first.out * first.in)
    }
}
