import Foundation
import LandscapeCore

/// An IDX images/labels pair (plain or gzip) of any shape: the built-in MNIST and FashionMNIST
/// layout, and `format: idx` in a spec (labels default to `train-labels-idx1-ubyte` beside it).
public struct IDXReader: DeclaredFormat {
    public let images: URL
    public let labels: URL
    /// Whether `read` records the files' SHA-256 (a declared dataset's fingerprint).
    public let fingerprinted: Bool

    public init(images: URL, labels: URL, fingerprinted: Bool = false) {
        self.images = images
        self.labels = labels
        self.fingerprinted = fingerprinted
    }

    public static let name = DatasetFormatName(rawValue: "idx")

    public static func matches(path: String, isDirectory: Bool) -> Bool {
        let lower = path.lowercased()
        return lower.contains("idx") || lower.hasSuffix("-ubyte") || lower.hasSuffix("-ubyte.gz")
    }

    public init(_ d: DatasetDeclaration) {
        self.init(
            images: URL(fileURLWithPath: d.path), labels: d.labelsURL(default: "train-labels-idx1-ubyte"),
            fingerprinted: true)
    }

    public func read(limit: Int?) throws -> DatasetObjects {
        // With a limit only the needed prefix is inflated: the header first, then the objects.
        // The file is read once; a gzip stream is inflated to the header, then to what the objects need.
        let raw = try Gzip.readFile(images)
        func inflated(_ bytes: Int?) throws -> Data {
            Gzip.isGzip(raw) ? try Gzip.decompress(raw, limit: bytes, file: images.path) : raw
        }
        var imageBytes = try inflated(limit.map { _ in 4 + 4 * 255 })
        let (shape, start) = try IDXFile.header(imageBytes, minimumDimensions: 2, file: images.path)
        let features = try UntrustedFile.checkedProduct(
            Array(shape.dropFirst()), file: images.path, what: "IDX dimensions")
        let n = min(limit ?? shape[0], shape[0])
        if limit != nil {
            let needed = try UntrustedFile.checked(
                n, times: features, plus: start, file: images.path, what: "IDX dimensions")
            if Gzip.isGzip(raw) { imageBytes = try inflated(needed) }
        }
        let labelBytes = try Gzip.readMaybeCompressed(labels, limit: limit.map { _ in 8 + n })
        let (labelShape, labelStart) = try IDXFile.header(labelBytes, dimensions: 1, file: labels.path)
        guard shape[0] == labelShape[0] else {
            let what = shape.count == 3 ? "images" : "objects"
            throw LandscapeError(
                file: images.path,
                "holds \(shape[0]) \(what) but \(labels.lastPathComponent) holds \(labelShape[0]) labels")
        }
        // A whole file must end where its header says; one read to a limit was cut on purpose.
        let exact = limit == nil
        let values = try IDXFile.payload(
            imageBytes, start: start, objects: n, perObject: features, exact: exact, file: images.path)
        let labelValues = try IDXFile.payload(
            labelBytes, start: labelStart, objects: n, perObject: 1, exact: exact, file: labels.path)
        let texts = labelValues.map { String($0) }
        let square = shape.count == 3 && shape[1] == shape[2]
        return DatasetObjects(
            values: .bytes(values), labels: texts, features: features, side: square ? shape[1] : nil,
            channels: square ? 1 : nil, problems: DatasetObjects.classProblems(texts), file: images.path,
            labelsFile: labels.path,
            fingerprint: fingerprinted ? Checksum.sha256(imageBytes + labelBytes) : "")
    }
}
