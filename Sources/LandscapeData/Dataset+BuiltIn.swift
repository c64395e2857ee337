import Foundation
import LandscapeCore

extension Dataset {
    /// A built-in dataset from what its reader found: the shape the descriptor fixes, labels that
    /// are class numbers below its class count, pixels through the paper's transform.
    public init(builtIn objects: DatasetObjects, _ descriptor: DatasetDescriptor, heldOut: Bool = false) throws {
        try objects.checkFatal()
        let file = objects.file
        guard objects.features == descriptor.features, objects.side == nil || objects.side == descriptor.side else {
            let shape = objects.side.map { "\($0)×\($0) images" } ?? "\(objects.features) features"
            let expected = descriptor.side.map { "\($0)×\($0) images" } ?? "\(descriptor.features) features"
            throw LandscapeError(file: file, "holds \(shape), expected \(expected)")
        }
        guard case let .bytes(pixels) = objects.values else {
            throw LandscapeError(file: file, "holds real numbers, expected pixel bytes")
        }
        var labels = [Int32](repeating: 0, count: objects.count)
        for (i, text) in objects.labels.enumerated() {
            guard let label = Int32(text), (0..<Int32(descriptor.classes)).contains(label) else {
                throw LandscapeError(
                    file: objects.labelsFile ?? file,
                    "label \(text.prefix(20)) of object \(i) is not below \(descriptor.classes) classes")
            }
            labels[i] = label
        }
        guard !labels.isEmpty else { throw LandscapeError(file: file, "no data rows") }
        let table = Dataset.pixelTable
        self.init(
            descriptor: descriptor, inputs: pixels.map { table[Int($0)] }, labels: labels, features: objects.features,
            classes: descriptor.classes, source: file, isHeldOut: heldOut)
    }
}
