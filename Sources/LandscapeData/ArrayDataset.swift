import Foundation
import LandscapeCore

/// Arrays of objects: a NumPy `.npy` X (count × d, or count × h × w, any real or integer dtype)
/// with a `.npy` y, or an IDX images/labels pair of any shape.
enum ArrayDataset {
    static func readNPY(_ url: URL, labels: URL) throws -> DeclaredDataset.Raw {
        let (xData, yData) = try (read(url), read(labels))
        let x = try NPYArray(xData, file: url.path), y = try NPYArray(yData, file: labels.path)
        guard x.shape.count >= 2 else {
            throw LandscapeError(file: url.path, "shape \(x.shape): expected objects × features (2 or more dimensions)")
        }
        guard y.shape.count == 1 || (y.shape.count == 2 && y.shape[1] == 1) else {
            throw LandscapeError(file: labels.path, "shape \(y.shape): expected one label per object")
        }
        guard x.shape[0] == y.shape[0] else {
            throw LandscapeError(
                file: labels.path, "holds \(y.shape[0]) labels for \(x.shape[0]) objects in \(url.lastPathComponent)")
        }
        let features = try UntrustedFile.checkedProduct(Array(x.shape.dropFirst()), file: url.path, what: "shape")
        var problems: [DeclaredDataset.Problem] = []
        for (i, v) in x.values.enumerated() where !v.isFinite {
            problems.append(
                .init(
                    location: "index \(i / max(1, features))", message: "\(v) in feature \(i % max(1, features))",
                    fatal: true))
            if problems.count >= 20 { break }
        }
        let labelTexts = y.values.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) }
        let image =
            x.shape.count == 3
            ? (side: x.shape[1] == x.shape[2] ? x.shape[1] : nil, channels: 1) : (side: nil, channels: 0)
        return DeclaredDataset.Raw(
            values: x.values, labels: labelTexts, features: features, side: image.side,
            channels: image.side == nil ? nil : 1,
            bytes: x.isBytes, problems: problems + DeclaredDataset.classProblems(labelTexts), file: url.path,
            fingerprint: Checksum.sha256(xData + yData))
    }

    static func readIDX(_ url: URL, labels: URL) throws -> DeclaredDataset.Raw {
        let images = try Gzip.readMaybeCompressed(url), labelBytes = try Gzip.readMaybeCompressed(labels)
        guard images.count >= 4, images[images.startIndex + 2] == 0x08 else {
            throw LandscapeError(file: url.path, "not an unsigned-byte IDX file")
        }
        let dimensions = Int(images[images.startIndex + 3])
        guard dimensions >= 2 else {
            throw LandscapeError(
                file: url.path, "IDX file of \(dimensions) dimensions: expected objects × features (2 or more)")
        }
        let dims = try IDXReader.header(images, dimensions: dimensions, file: url.path)
        let labelCount = try IDXReader.header(labelBytes, dimensions: 1, file: labels.path)[0]
        guard dims[0] == labelCount else {
            throw LandscapeError(
                file: url.path, "holds \(dims[0]) objects but \(labels.lastPathComponent) holds \(labelCount) labels")
        }
        let features = try UntrustedFile.checkedProduct(Array(dims.dropFirst()), file: url.path, what: "IDX dimensions")
        let start = 4 + 4 * dims.count
        let needed = try UntrustedFile.checked(
            dims[0], times: features, plus: start, file: url.path, what: "IDX dimensions \(dims)")
        try UntrustedFile.checkDecodedSize(values: needed - start, file: url.path)
        try IDXReader.checkLength(images, needed: needed, exact: true, file: url.path)
        try IDXReader.checkLength(labelBytes, needed: 8 + labelCount, exact: true, file: labels.path)
        let values = images.dropFirst(start).map(Double.init)
        let labelTexts = labelBytes.dropFirst(8).map { String($0) }
        let square = dims.count == 3 && dims[1] == dims[2]
        return DeclaredDataset.Raw(
            values: values, labels: labelTexts, features: features, side: square ? dims[1] : nil,
            channels: square ? 1 : nil,
            bytes: true, problems: DeclaredDataset.classProblems(labelTexts), file: url.path,
            fingerprint: Checksum.sha256(images + labelBytes))
    }

    static func read(_ url: URL) throws -> Data { try UntrustedFile.read(url) }
}

/// A NumPy `.npy` array of any little-endian real or integer dtype, as Doubles (read by `NPY`).
struct NPYArray {
    let values: [Double]
    let shape: [Int]
    /// dtype uint8: values are bytes.
    let isBytes: Bool

    init(_ data: Data, file: String) throws { (values, shape, isBytes) = try NPY.decodeAny(data, file: file) }
}
