import LandscapeCore

/// A bias-free (by default) ReLU network's parameters θ, flat, in the precision `T`.
public struct MLP<T: BLASScalar>: Sendable {
    public let architecture: MLPArchitecture
    /// All weights (and biases), laid out as `architecture.layerOffsets` says.
    public var parameters: [T]

    public init(architecture: MLPArchitecture, parameters: [T]) {
        precondition(parameters.count == architecture.parameterCount)
        self.architecture = architecture
        self.parameters = parameters
    }

    /// PyTorch's `nn.Linear` default: W and b ~ U(−1/√fan_in, 1/√fan_in).
    public init(architecture: MLPArchitecture, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var theta = [T](repeating: 0, count: architecture.parameterCount)
        for (p, (o, i)) in architecture.layerShapes.enumerated() {
            let bound = 1 / Double(i).squareRoot()
            let (w, b) = architecture.layerOffsets[p]
            for j in 0..<(o * i) { theta[w + j] = T((2 * rng.nextUnit() - 1) * bound) }
            if architecture.bias { for j in 0..<o { theta[b + j] = T((2 * rng.nextUnit() - 1) * bound) } }
        }
        self.init(architecture: architecture, parameters: theta)
    }

    /// The same network in another precision.
    public func converted<U: BLASScalar>(to: U.Type) -> MLP<U> {
        MLP<U>(architecture: architecture, parameters: parameters.map { U(Double($0)) })
    }

    /// ‖θ − θ_other‖₂, differences in T, summed in Double.
    public func distance(to other: MLP) -> Double {
        zip(parameters, other.parameters).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }.squareRoot()
    }

    /// Layer p's weight matrix (out×in, row-major) as Doubles.
    public func weights(_ p: Int) -> [Double] {
        let (o, i) = architecture.layerShapes[p]
        let start = architecture.layerOffsets[p].weights
        return parameters[start..<(start + o * i)].map { Double($0) }
    }
}
