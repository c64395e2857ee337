import Foundation
import LandscapeCore

/// A NumPy `.npy` X (count × d, or count × h × w; any little-endian real or integer dtype, read
/// by `NPY`) with a `.npy` y of one label per object: `format: npy` in a spec (y defaults to
/// `y.npy` beside X).
public struct NPYReader: DeclaredFormat {
    public let x: URL
    public let y: URL

    public init(x: URL, y: URL) {
        self.x = x
        self.y = y
    }

    public static let name = DatasetFormatName(rawValue: "npy")

    public static func matches(path: String, isDirectory: Bool) -> Bool { path.lowercased().hasSuffix(".npy") }

    public init(_ d: DatasetDeclaration) {
        self.init(x: URL(fileURLWithPath: d.path), y: d.labelsURL(default: "y.npy"))
    }

    public func read(limit: Int?) throws -> DatasetObjects {
        let (xData, yData) = try (UntrustedFile.read(x), UntrustedFile.read(y))
        let xs = try NPY.decodeAny(xData, file: x.path), ys = try NPY.decodeAny(yData, file: y.path)
        guard xs.shape.count >= 2 else {
            throw LandscapeError(file: x.path, "shape \(xs.shape): expected objects × features (2 or more dimensions)")
        }
        guard ys.shape.count == 1 || (ys.shape.count == 2 && ys.shape[1] == 1) else {
            throw LandscapeError(file: y.path, "shape \(ys.shape): expected one label per object")
        }
        guard xs.shape[0] == ys.shape[0] else {
            throw LandscapeError(
                file: y.path, "holds \(ys.shape[0]) labels for \(xs.shape[0]) objects in \(x.lastPathComponent)")
        }
        let features = try UntrustedFile.checkedProduct(Array(xs.shape.dropFirst()), file: x.path, what: "shape")
        var problems: [DatasetObjects.Problem] = []
        for (i, v) in xs.values.enumerated() where !v.isFinite {
            problems.append(
                .init(
                    location: "index \(i / max(1, features))", message: "\(v) in feature \(i % max(1, features))",
                    fatal: true))
            if problems.count >= 20 { break }
        }
        let labels = ys.values.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) }
        let side = xs.shape.count == 3 && xs.shape[1] == xs.shape[2] ? xs.shape[1] : nil
        let n = min(limit ?? labels.count, labels.count)
        return DatasetObjects(
            values: xs.isBytes
                ? .bytes(xs.values.prefix(n * features).map { UInt8($0) })
                : .reals(Array(xs.values.prefix(n * features))),
            labels: Array(labels.prefix(n)), features: features, side: side, channels: side == nil ? nil : 1,
            problems: problems + DatasetObjects.classProblems(labels), file: x.path, labelsFile: y.path,
            fingerprint: Checksum.sha256(xData + yData))
    }
}
