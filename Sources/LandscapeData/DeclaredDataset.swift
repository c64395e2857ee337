import Foundation
import LandscapeCore

/// Reads a dataset declared in a spec, in any of its formats, into the tool's `Dataset`, and the
/// descriptor that records what was found (size, classes, label names, a fingerprint).
public enum DeclaredDataset {
    /// One thing wrong with a file, where it is ("line 12", "index 40", a file name).
    public struct Problem: Sendable, CustomStringConvertible {
        public let location: String
        public let message: String
        /// Whether the data cannot be used at all (a warning otherwise, such as a class with one object).
        public let fatal: Bool
        public var description: String { "\(location): \(message)" }
    }

    /// What a reader found, before labels are mapped and values normalised.
    public struct Raw: Sendable {
        /// count × features, row-major.
        public var values: [Double]
        public var labels: [String]
        public var features: Int
        public var side: Int?
        public var channels: Int?
        /// Whether the values are bytes 0–255 (images, IDX, uint8 arrays).
        public var bytes: Bool
        public var problems: [Problem]
        /// The file the problems refer to.
        public var file: String
        public var fingerprint: String
    }

    /// Reads every object of `declaration` (its path already resolved).
    /// Problems every format shares (no objects, no features) are added here, so that
    /// `data inspect` and a run see the same ones.
    public static func raw(_ d: DatasetDeclaration) throws -> Raw {
        guard !d.path.isEmpty else { throw LandscapeError("dataset '\(d.name)': path is empty") }
        var raw: Raw
        switch d.format {
        case .csv: raw = try CSVDataset.read(URL(fileURLWithPath: d.path), label: d.label ?? "last")
        case .npy: raw = try ArrayDataset.readNPY(URL(fileURLWithPath: d.path), labels: labelsURL(d, default: "y.npy"))
        case .idx:
            raw = try ArrayDataset.readIDX(
                URL(fileURLWithPath: d.path), labels: labelsURL(d, default: "train-labels-idx1-ubyte"))
        case .images:
            raw = try ImageFolderDataset.read(
                URL(fileURLWithPath: d.path), side: d.side ?? 32, channels: d.channels ?? 3,
                pixelLimit: d.maxPixels ?? ImageFolderDataset.defaultPixelLimit)
        }
        if raw.labels.isEmpty {
            raw.problems.insert(Problem(location: "objects", message: "the file holds no objects", fatal: true), at: 0)
        }
        if raw.features == 0 {
            raw.problems.insert(
                Problem(
                    location: "features",
                    message: "no feature columns (only labels); a network needs at least one input", fatal: true), at: 0
            )
        }
        return raw
    }

    static func labelsURL(_ d: DatasetDeclaration, default name: String) -> URL {
        d.labels.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: d.path).deletingLastPathComponent().appendingPathComponent(name)
    }

    /// Reads, checks and normalises a declared dataset: the first fatal problem is the error.
    public static func load(_ d: DatasetDeclaration) throws -> (Dataset, DatasetDescriptor) {
        var raw = try raw(d)
        if let fatal = raw.problems.first(where: \.fatal) { throw LandscapeError(file: raw.file, fatal.description) }
        guard !raw.labels.isEmpty else { throw LandscapeError(file: raw.file, "holds no objects") }
        let names = labelOrder(raw.labels)
        guard names.count >= 2 else {
            throw LandscapeError(file: raw.file, "has one class (\(names[0])); a classifier needs at least two")
        }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
        normalise(&raw, d.normalise)
        let formatName =
            d.format == .images ? "images (\(raw.channels == 3 ? "RGB" : "grayscale"))" : d.format.rawValue.uppercased()
        let descriptor = DatasetDescriptor(
            name: d.name, displayName: d.name, description: d.description ?? "declared in the spec (\(d.path))",
            formatName: formatName, side: raw.side, channels: raw.channels, features: raw.features,
            classes: names.count, objects: raw.labels.count, labelNames: names, fingerprint: raw.fingerprint,
            declaration: d)
        let data = Dataset(
            descriptor: descriptor, inputs: raw.values.map(Float.init), labels: raw.labels.map { index[$0]! },
            features: raw.features, classes: names.count, source: raw.file)
        return (data, descriptor)
    }

    /// Distinct labels in the order they map to 0..K−1: numerically when all are integers, else by text.
    public static func labelOrder(_ labels: [String]) -> [String] {
        let distinct = Array(Set(labels))
        if distinct.allSatisfy({ Int($0) != nil }) { return distinct.sorted { Int($0)! < Int($1)! } }
        return distinct.sorted()
    }

    static func normalise(_ raw: inout Raw, _ how: DatasetDeclaration.Normalisation) {
        switch how {
        case .none: break
        case .minmax:
            if raw.bytes {
                raw.values = raw.values.map { (($0 / 255) - 0.5) / 0.5 }
            } else if let lo = raw.values.min(), let hi = raw.values.max() {
                let span = hi - lo
                raw.values = raw.values.map { span > 0 ? 2 * ($0 - lo) / span - 1 : 0 }
            }
        case .standard:
            let n = raw.labels.count, d = raw.features
            for j in 0..<d {
                var mean = 0.0, square = 0.0
                for i in 0..<n { mean += raw.values[i * d + j] }
                mean /= Double(n)
                for i in 0..<n { let v = raw.values[i * d + j] - mean; square += v * v }
                let sd = (square / Double(n)).squareRoot()
                for i in 0..<n { raw.values[i * d + j] = sd > 0 ? (raw.values[i * d + j] - mean) / sd : 0 }
            }
        }
    }

    /// Warnings every format shares: classes with a single object.
    static func classProblems(_ labels: [String]) -> [Problem] {
        var counts: [String: Int] = [:]
        for l in labels { counts[l, default: 0] += 1 }
        return labelOrder(labels).filter { counts[$0] == 1 }.map {
            Problem(location: "label '\($0)'", message: "a class with one object", fatal: false)
        }
    }
}
