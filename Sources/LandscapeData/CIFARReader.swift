import Foundation
import LandscapeCore

/// CIFAR-10/100 "binary version": fixed-size records of label byte(s) then 3072 pixel bytes,
/// channel-major (1024 red, 1024 green, 1024 blue). CIFAR-100 records hold a coarse and a fine
/// label; the fine one is used.
public enum CIFARReader {
    /// The training files in order (their concatenation is the training split).
    public static func trainingFiles(_ descriptor: DatasetDescriptor) -> [String] {
        descriptor.cifar?.trainingFiles ?? []
    }

    public static func recordSize(_ descriptor: DatasetDescriptor) -> Int { (descriptor.cifar?.labelBytes ?? 1) + 3072 }

    /// Parses records from `chunks` (file name, bytes) in order, stopping after `count` objects.
    public static func load(
        _ descriptor: DatasetDescriptor, chunks: [(String, Data)], count: Int?, source: String
    ) throws -> Dataset {
        let record = recordSize(descriptor), labelBytes = record - 3072
        var inputs: [Float] = []
        var labels: [Int32] = []
        let table = Dataset.pixelTable
        for (file, data) in chunks {
            if let count, labels.count >= count { break }
            guard data.count % record == 0 else {
                throw LandscapeError(file: file, "size \(data.count) is not a multiple of the \(record)-byte record")
            }
            let records = data.count / record
            let take = min(records, (count ?? Int.max) - labels.count)
            inputs.reserveCapacity(inputs.count + take * 3072)
            try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                let b = raw.bindMemory(to: UInt8.self)
                for r in 0..<take {
                    let base = r * record
                    let label = Int32(b[base + labelBytes - 1])
                    guard label < descriptor.classes else {
                        throw LandscapeError(
                            file: file, "label \(label) of record \(r) is not below \(descriptor.classes) classes")
                    }
                    labels.append(label)
                    for j in 0..<3072 { inputs.append(table[Int(b[base + labelBytes + j])]) }
                }
            }
        }
        return Dataset(
            descriptor: descriptor, inputs: inputs, labels: labels, features: 3072, classes: descriptor.classes,
            source: source)
    }

    /// Loads from a folder holding the `.bin` files.
    public static func load(_ descriptor: DatasetDescriptor, folder: URL, count: Int?) throws -> Dataset {
        var chunks: [(String, Data)] = []
        var have = 0
        for file in trainingFiles(descriptor) {
            if let count, have >= count { break }
            let url = folder.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw LandscapeError(
                    file: url.path,
                    "missing (the training split needs \(trainingFiles(descriptor).joined(separator: ", ")))")
            }
            let data = try Gzip.readFile(url)
            chunks.append((url.path, data))
            have += data.count / recordSize(descriptor)
        }
        return try load(descriptor, chunks: chunks, count: count, source: folder.path)
    }

    /// Loads from the original `.tar.gz` archive.
    public static func load(_ descriptor: DatasetDescriptor, archive: URL, count: Int?) throws -> Dataset {
        let tar = try TarArchive(Gzip.decompress(Gzip.readFile(archive), file: archive.path), file: archive.path)
        let chunks: [(String, Data)] = try trainingFiles(descriptor).map { file in
            guard let member = tar.member(named: file) else {
                throw LandscapeError(file: archive.path, "archive has no \(file)")
            }
            return ("\(archive.path)!\(member.name)", member.data)
        }
        return try load(descriptor, chunks: chunks, count: count, source: archive.path)
    }
}
