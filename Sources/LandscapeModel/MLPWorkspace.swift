/// Activation and gradient buffers for batches of up to `capacity` objects, allocated once per
/// configuration so the training loop allocates nothing.
public final class MLPWorkspace<T: BLASScalar> {
    public let architecture: MLPArchitecture
    public let capacity: Int
    /// activations[p]: capacity × out_p, post-ReLU for hidden layers, logits for the last.
    let activations: [UnsafeMutablePointer<T>]
    /// Two capacity × max-width buffers for ∂loss/∂z, used in turn going backward.
    let deltas: (UnsafeMutablePointer<T>, UnsafeMutablePointer<T>)

    public init(architecture: MLPArchitecture, capacity: Int) {
        self.architecture = architecture
        self.capacity = capacity
        activations = architecture.layerShapes.map { shape in
            let buffer = UnsafeMutablePointer<T>.allocate(capacity: capacity * shape.out)
            buffer.initialize(repeating: 0, count: capacity * shape.out)
            return buffer
        }
        let widest = architecture.layerShapes.map(\.out).max()!
        func buffer() -> UnsafeMutablePointer<T> {
            let b = UnsafeMutablePointer<T>.allocate(capacity: capacity * widest)
            b.initialize(repeating: 0, count: capacity * widest)
            return b
        }
        deltas = (buffer(), buffer())
    }

    deinit {
        for a in activations { a.deallocate() }
        deltas.0.deallocate()
        deltas.1.deallocate()
    }

    /// The logits of the last forward pass: capacity × K.
    public var logits: UnsafeMutablePointer<T> { activations[activations.count - 1] }
}

extension MLPWorkspace {
    /// Layer p's activation buffer (capacity × out_p): post-ReLU for hidden layers, logits last.
    public func activationsBuffer(_ p: Int) -> UnsafeMutablePointer<T> { activations[p] }
}
