import Foundation
import LandscapeCore

/// LeCun's IDX format (MNIST, FashionMNIST): big-endian magic `0x0000_08DD` (0x08 = unsigned
/// byte, DD = number of dimensions), one big-endian UInt32 per dimension, then the bytes.
public enum IDXReader {
    /// Loads the first `count` objects (all when nil) from an images + labels file pair.
    public static func load(_ descriptor: DatasetDescriptor, images: URL, labels: URL, count: Int?) throws -> Dataset {
        let side = descriptor.side ?? 0, pixels = side * side, classes = descriptor.classes
        let imageBytes = try Gzip.readMaybeCompressed(images, limit: count.map { 16 + $0 * pixels })
        let labelBytes = try Gzip.readMaybeCompressed(labels, limit: count.map { 8 + $0 })
        let imageCount = try header(imageBytes, dimensions: 3, file: images.path)
        let labelCount = try header(labelBytes, dimensions: 1, file: labels.path)
        guard imageCount[1] == side, imageCount[2] == side else {
            throw LandscapeError(
                file: images.path, "images are \(imageCount[1])×\(imageCount[2]), expected \(side)×\(side)")
        }
        guard imageCount[0] == labelCount[0] else {
            throw LandscapeError(
                file: images.path,
                "holds \(imageCount[0]) images but \(labels.lastPathComponent) holds \(labelCount[0]) labels")
        }
        let available = imageCount[0]
        let n = min(count ?? available, available)
        // With a limit the stream was cut on purpose; otherwise the sizes must match exactly.
        try checkLength(imageBytes, needed: 16 + n * pixels, exact: count == nil, file: images.path)
        try checkLength(labelBytes, needed: 8 + n, exact: count == nil, file: labels.path)

        var inputs = [Float](repeating: 0, count: n * pixels)
        let table = Dataset.pixelTable
        imageBytes.withUnsafeBytes { raw in
            let src = raw.bindMemory(to: UInt8.self)
            inputs.withUnsafeMutableBufferPointer { dst in
                for i in 0..<(n * pixels) { dst[i] = table[Int(src[16 + i])] }
            }
        }
        var labelValues = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            let label = Int32(labelBytes[labelBytes.startIndex + 8 + i])
            guard label < classes else {
                throw LandscapeError(file: labels.path, "label \(label) of object \(i) is not below \(classes) classes")
            }
            labelValues[i] = label
        }
        return Dataset(
            descriptor: descriptor, inputs: inputs, labels: labelValues, features: pixels, classes: classes,
            source: images.deletingLastPathComponent().path)
    }

    /// Validates the magic and returns the dimension sizes.
    static func header(_ data: Data, dimensions: Int, file: String) throws -> [Int] {
        guard data.count >= 4 + 4 * dimensions else { throw LandscapeError(file: file, "truncated IDX header") }
        func word(_ i: Int) -> Int {
            let b = data.startIndex + 4 * i
            return Int(data[b]) << 24 | Int(data[b + 1]) << 16 | Int(data[b + 2]) << 8 | Int(data[b + 3])
        }
        let magic = word(0)
        let expected = 0x0800 | dimensions
        guard magic == expected else {
            throw LandscapeError(
                file: file, String(format: "wrong IDX magic number 0x%08X (expected 0x%08X)", magic, expected))
        }
        return (1...dimensions).map(word)
    }

    static func checkLength(_ data: Data, needed: Int, exact: Bool, file: String) throws {
        if data.count < needed {
            throw LandscapeError(file: file, "truncated: \(data.count) bytes, the header promises \(needed)")
        }
        if exact && data.count != needed {
            throw LandscapeError(file: file, "\(data.count - needed) unexpected bytes after the data")
        }
    }

    /// Writes an IDX images or labels file (used by tests and fixtures).
    public static func encode(dimensions: [Int], bytes: [UInt8]) -> Data {
        var data = Data([0, 0, 0x08, UInt8(dimensions.count)])
        for d in dimensions {
            data.append(contentsOf: [
                UInt8(d >> 24 & 0xFF), UInt8(d >> 16 & 0xFF), UInt8(d >> 8 & 0xFF), UInt8(d & 0xFF),
            ])
        }
        data.append(contentsOf: bytes)
        return data
    }
}
