import Foundation
import LandscapeCore

/// Reads a dataset declared in a spec, in any registered format (`DatasetFormats`), into the
/// tool's `Dataset`, and the descriptor that records what was found (size, classes, label names,
/// a fingerprint).
public enum DeclaredDataset {
    /// Reads every object of `declaration` (its path already resolved). Problems every format
    /// shares (no objects, no features) are added here, so `data inspect` and a run see the same ones.
    public static func objects(_ d: DatasetDeclaration) throws -> DatasetObjects {
        guard !d.path.isEmpty else { throw LandscapeError("dataset '\(d.name)': path is empty") }
        var objects = try format(d).init(d).read(limit: nil)
        if objects.labels.isEmpty {
            objects.problems.insert(
                .init(location: "objects", message: "the file holds no objects", fatal: true), at: 0)
        }
        if objects.features == 0 {
            objects.problems.insert(
                .init(
                    location: "features",
                    message: "no feature columns (only labels); a network needs at least one input", fatal: true),
                at: 0)
        }
        return objects
    }

    static func format(_ d: DatasetDeclaration) throws -> any DeclaredFormat.Type {
        guard let format = DatasetFormats.named(d.format) else {
            throw LandscapeError("dataset '\(d.name)': no format is called '\(d.format.rawValue)'")
        }
        return format
    }

    /// Reads, checks and normalises a declared dataset: the first fatal problem is the error.
    public static func load(_ d: DatasetDeclaration) throws -> (Dataset, DatasetDescriptor) {
        let objects = try objects(d)
        try objects.checkFatal()
        guard !objects.labels.isEmpty else { throw LandscapeError(file: objects.file, "holds no objects") }
        let names = labelOrder(objects.labels)
        guard names.count >= 2 else {
            throw LandscapeError(file: objects.file, "has one class (\(names[0])); a classifier needs at least two")
        }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
        let descriptor = DatasetDescriptor(
            name: d.name, displayName: d.name, description: d.description ?? "declared in the spec (\(d.path))",
            formatName: try format(d).displayName(objects), side: objects.side, channels: objects.channels,
            features: objects.features, classes: names.count, objects: objects.count, labelNames: names,
            fingerprint: objects.fingerprint, declaration: d)
        let data = Dataset(
            descriptor: descriptor, inputs: normalised(objects.values, d.normalise, count: objects.count),
            labels: objects.labels.map { index[$0]! }, features: objects.features, classes: names.count,
            source: objects.file)
        return (data, descriptor)
    }

    /// Distinct labels in the order they map to 0..K−1: numerically when all are integers, else by text.
    public static func labelOrder(_ labels: [String]) -> [String] {
        let distinct = Array(Set(labels))
        if distinct.allSatisfy({ Int($0) != nil }) { return distinct.sorted { Int($0)! < Int($1)! } }
        return distinct.sorted()
    }

    /// count × features values as the network's inputs. Bytes under `minmax` go through the
    /// paper's pixel transform (`Dataset.pixelTable`), exactly as the built-in datasets do.
    static func normalised(
        _ values: DatasetObjects.Values, _ how: DatasetDeclaration.Normalisation, count n: Int
    )
        -> [Float]
    {
        if case let .bytes(b) = values, how == .minmax {
            let table = Dataset.pixelTable
            return b.map { table[Int($0)] }
        }
        var v = values.reals
        switch how {
        case .none: break
        case .minmax:
            if let lo = v.min(), let hi = v.max() {
                let span = hi - lo
                v = v.map { span > 0 ? 2 * ($0 - lo) / span - 1 : 0 }
            }
        case .standard:
            let d = n > 0 ? v.count / n : 0
            for j in 0..<d {
                var mean = 0.0, square = 0.0
                for i in 0..<n { mean += v[i * d + j] }
                mean /= Double(n)
                for i in 0..<n { let x = v[i * d + j] - mean; square += x * x }
                let sd = (square / Double(n)).squareRoot()
                for i in 0..<n { v[i * d + j] = sd > 0 ? (v[i * d + j] - mean) / sd : 0 }
            }
        }
        return v.map(Float.init)
    }
}

extension DatasetDeclaration {
    /// The labels file of a two-file format: `labels`, else `name` beside `path`.
    public func labelsURL(default name: String) -> URL {
        labels.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(name)
    }
}
