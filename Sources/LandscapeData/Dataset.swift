/// The first `count` objects of a dataset's training split, preprocessed as the protocol says:
/// pixels scaled to [0, 1], then (x − 0.5)/0.5, flattened (CIFAR channel-major).
public struct Dataset: Sendable {
    /// What the objects are (name, image shape, the declared files' fingerprint).
    public let descriptor: DatasetDescriptor
    /// Row-major count × features, values in [−1, 1].
    public let inputs: [Float]
    /// One label per object, in 0..<classes.
    public let labels: [Int32]
    public let count: Int
    public let features: Int
    public let classes: Int
    /// Where the objects were read from (a file or folder), for reports and errors.
    public let source: String
    /// Held-out objects (a built-in test split, or a declared dataset's held-out fraction): never
    /// trained on. Encoder features of them are cached apart from the training objects'.
    public let isHeldOut: Bool

    public init(
        descriptor: DatasetDescriptor, inputs: [Float], labels: [Int32], features: Int, classes: Int, source: String,
        isHeldOut: Bool = false
    ) {
        self.isHeldOut = isHeldOut
        precondition(inputs.count == labels.count * features)
        self.descriptor = descriptor
        self.inputs = inputs
        self.labels = labels
        self.count = labels.count
        self.features = features
        self.classes = classes
        self.source = source
    }

    public var name: DatasetName { DatasetName(rawValue: descriptor.name) }

    /// The protocol's pixel transform for a byte b: (b/255 − 0.5)/0.5 in Float32, as
    /// torchvision's ToTensor followed by Normalize(0.5, 0.5) computes it.
    public static let pixelTable: [Float] = (0...255).map { b in (Float(b) / 255 - 0.5) / 0.5 }

    /// The first `n` objects (all when there are fewer).
    public func prefix(_ n: Int) -> Dataset {
        let k = min(n, count)
        return k == count
            ? self
            : Dataset(
                descriptor: descriptor, inputs: Array(inputs.prefix(k * features)), labels: Array(labels.prefix(k)),
                features: features, classes: classes, source: source, isHeldOut: isHeldOut)
    }

    /// The objects at `indices`, in that order.
    public func rows(_ indices: [Int]) -> Dataset {
        Dataset(
            descriptor: descriptor, inputs: indices.flatMap { inputs[($0 * features)..<(($0 + 1) * features)] },
            labels: indices.map { labels[$0] }, features: features, classes: classes, source: source,
            isHeldOut: isHeldOut)
    }

    /// The last `n` objects, as held-out ones.
    public func heldOutSuffix(_ n: Int) -> Dataset {
        let k = min(n, count)
        return Dataset(
            descriptor: descriptor, inputs: Array(inputs.suffix(k * features)), labels: Array(labels.suffix(k)),
            features: features, classes: classes, source: source, isHeldOut: true)
    }

    /// Largest Euclidean input norm M_x over the objects (Theorem 1's constant), in Double.
    public func largestInputNorm() -> Double {
        var best = 0.0
        inputs.withUnsafeBufferPointer { x in
            for i in 0..<count {
                var s = 0.0
                for j in 0..<features { let v = Double(x[i * features + j]); s += v * v }
                best = max(best, s)
            }
        }
        return best.squareRoot()
    }
}
