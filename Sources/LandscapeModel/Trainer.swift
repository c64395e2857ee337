import CMath
import Foundation
import LandscapeCore

/// The reference protocol's training settings (docs/protocol.md, "Training").
public struct TrainingSettings: Codable, Hashable, Sendable {
    /// The number of epochs; with a `target`, the most epochs.
    public var epochs = 10
    public var batchSize = 64
    public var adam = AdamSettings()
    /// Train to a target instead of for a fixed number of epochs: stop after the first epoch
    /// whose mean training loss is at or below `target`, or once `patience` epochs in a row
    /// improved on the best loss by less than 1 % (the network has stopped fitting), or at
    /// `epochs`. nil: the paper's fixed epoch count. Architectures are then compared at equal
    /// fit where they can reach it (docs/protocol.md, "Training to a target").
    public var target: Double? = nil
    public var patience = 3
    public init() {}

    enum CodingKeys: String, CodingKey { case epochs, batchSize, adam, target, patience }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        epochs = try c.decode(Int.self, forKey: .epochs)
        batchSize = try c.decode(Int.self, forKey: .batchSize)
        adam = try c.decode(AdamSettings.self, forKey: .adam)
        target = try c.decodeIfPresent(Double.self, forKey: .target)
        patience = try c.decodeIfPresent(Int.self, forKey: .patience) ?? patience
    }

    /// The fixed-epoch protocol writes what it wrote before targets existed (results stay
    /// byte-identical); `patience` is stored only with a target.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(epochs, forKey: .epochs)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(adam, forKey: .adam)
        if let target {
            try c.encode(target, forKey: .target)
            try c.encode(patience, forKey: .patience)
        }
    }

    /// The settings for training on `count` objects with the optimiser-step budget these settings
    /// give `reference` objects. Under a target the epoch cap and the patience are counts of
    /// epochs, and an epoch of k objects is ⌈k/b⌉ steps: at k = 100 and b = 64 a patience of 3
    /// epochs is 6 steps, too few for the loss to move 1 %, so θ̂ₖ stopped untrained
    /// (docs/growing-sample.md, "The training confound"). Both are scaled by the ratio of steps
    /// per epoch, so that every θ̂ₖ gets θ̂'s patience and cap in steps. With fixed epochs nothing
    /// changes: the paper's protocol trains θ̂ₖ for the same epochs (k/m of θ̂'s steps).
    public func matchingSteps(objects count: Int, reference: Int) -> TrainingSettings {
        guard target != nil, count > 0, count < reference else { return self }
        func steps(_ n: Int) -> Int { (n + batchSize - 1) / batchSize }
        func scaled(_ epochs: Int) -> Int { (epochs * steps(reference) + steps(count) - 1) / steps(count) }
        var s = self
        s.epochs = scaled(epochs)
        s.patience = scaled(patience)
        return s
    }

    /// Whether training stops after an epoch, given the epochs' mean losses so far.
    public func stops(after losses: [Double]) -> Bool {
        guard let target, let last = losses.last else { return false }
        if last <= target { return true }
        guard losses.count > patience else { return false }
        let before = losses.dropLast(patience).min()!
        return losses.suffix(patience).allSatisfy { $0 > before * 0.99 }
    }
}

/// Mean training loss and accuracy over one epoch's batches (as the model was while training).
public struct EpochRecord: Codable, Hashable, Sendable {
    public let epoch: Int
    public let loss: Double
    public let accuracy: Double
}

/// Where a configuration stopped because its loss stopped being finite (1-based epoch and step).
public struct Divergence: Codable, Hashable, Sendable {
    public let epoch: Int
    public let step: Int
}

public struct TrainingOutcome<T: BLASScalar>: Sendable {
    /// θ̂: the parameters after training (or at divergence).
    public let network: MLP<T>
    public let epochs: [EpochRecord]
    public let divergence: Divergence?
    public let flops: Double
}

/// Mini-batch Adam on mean cross-entropy, batches reshuffled every epoch, last partial batch kept.
public enum Trainer {
    /// The seed of θ_init for a configuration seed, so θ_init can be rebuilt after training.
    public static func initialisationSeed(_ seed: UInt64) -> UInt64 { derivedSeed(seed, "initialisation") }

    /// Trains from PyTorch-default initialisation. `seed` fixes both the initial θ and the order
    /// of the batches; the two streams are derived from it separately.
    /// inputs: count×n row-major, labels: count.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func train<T: BLASScalar>(
        _ architecture: MLPArchitecture, inputs: [T], labels: [Int32],
        settings: TrainingSettings = TrainingSettings(), seed: UInt64
    ) -> TrainingOutcome<T> {
        let n = architecture.inputs, k = architecture.classes, count = labels.count
        precondition(inputs.count == count * n)
        var network = MLP<T>(architecture: architecture, seed: initialisationSeed(seed))
        var order = SeededGenerator(seed: derivedSeed(seed, "batch-order"))
        var adam = Adam<T>(parameterCount: architecture.parameterCount, settings: settings.adam)
        let b = settings.batchSize
        let ws = MLPWorkspace<T>(architecture: architecture, capacity: b)
        var batchX = [T](repeating: 0, count: b * n)
        var batchY = [Int32](repeating: 0, count: b)
        var dLogits = [T](repeating: 0, count: b * k)
        var gradient = [T](repeating: 0, count: architecture.parameterCount)
        var indices = Array(0..<count)
        var records: [EpochRecord] = []
        var flops = 0.0

        for epoch in 1...max(1, settings.epochs) where settings.epochs > 0 {
            order.shuffle(&indices)
            var lossSum = 0.0, correct = 0, step = 0
            var start = 0
            while start < count {
                let rows = min(b, count - start)
                step += 1
                inputs.withUnsafeBufferPointer { x in
                    batchX.withUnsafeMutableBufferPointer { bx in
                        for r in 0..<rows {
                            let src = indices[start + r]
                            (bx.baseAddress! + r * n).update(from: x.baseAddress! + src * n, count: n)
                            batchY[r] = labels[src]
                        }
                        Self.prefetchRows(
                            x.baseAddress!, indices[min(count, start + rows)..<min(count, start + rows + b)], n)
                    }
                }
                let (sum, right) = batchX.withUnsafeBufferPointer { bx in
                    network.forward(bx.baseAddress!, batch: rows, workspace: ws)
                    return SoftmaxCrossEntropy.forwardBackward(
                        logits: ws.logits, labels: batchY, batch: rows, classes: k, dLogits: &dLogits)
                }
                guard sum.isFinite else {
                    return TrainingOutcome(
                        network: network, epochs: records, divergence: Divergence(epoch: epoch, step: step),
                        flops: flops)
                }
                batchX.withUnsafeBufferPointer { bx in
                    dLogits.withUnsafeBufferPointer { d in
                        network.backward(
                            bx.baseAddress!, batch: rows, workspace: ws, dLogits: d.baseAddress!, gradient: &gradient)
                    }
                }
                network.parameters.withUnsafeMutableBufferPointer { theta in
                    adam.update(theta.baseAddress!, gradient: gradient)
                }
                lossSum += sum
                correct += right
                flops += architecture.trainingFLOPs * Double(rows)
                start += rows
            }
            records.append(
                EpochRecord(epoch: epoch, loss: lossSum / Double(count), accuracy: Double(correct) / Double(count)))
            if settings.stops(after: records.map(\.loss)) { break }
        }
        return TrainingOutcome(network: network, epochs: records, divergence: nil, flops: flops)
    }

    /// Asks for the next batch's rows while this batch's passes run: the rows are scattered over
    /// the whole input matrix, and gathering them waited on memory for a sixth of `bench train`.
    @inline(__always)
    static func prefetchRows<T>(_ x: UnsafePointer<T>, _ rows: ArraySlice<Int>, _ n: Int) {
        let stride = 64 / MemoryLayout<T>.stride
        for src in rows {
            let row = x + src * n
            for j in Swift.stride(from: 0, to: n, by: stride) { landscape_prefetch(row + j) }
        }
    }
}
