import Foundation
import LandscapeCore

/// CIFAR-10/100 "binary version": fixed-size records of label byte(s) then 3072 pixel bytes,
/// channel-major (1024 red, 1024 green, 1024 blue). CIFAR-100 records hold a coarse and a fine
/// label; the fine one is used. Read from the folder of `.bin` files or the original archive.
public struct CIFARReader: DatasetReader {
    public enum Source: Sendable {
        case folder(URL)
        case archive(URL)
    }

    public let descriptor: DatasetDescriptor
    public let source: Source
    /// The split's files in order (their concatenation is the split): the training files by default.
    public let files: [String]

    public init(_ descriptor: DatasetDescriptor, _ source: Source, files: [String]? = nil) {
        self.descriptor = descriptor
        self.source = source
        self.files = files ?? Self.trainingFiles(descriptor)
    }

    /// The training files in order (their concatenation is the training split).
    public static func trainingFiles(_ descriptor: DatasetDescriptor) -> [String] {
        descriptor.cifar?.trainingFiles ?? []
    }

    public static func recordSize(_ descriptor: DatasetDescriptor) -> Int { (descriptor.cifar?.labelBytes ?? 1) + 3072 }

    public func read(limit: Int?) throws -> DatasetObjects {
        switch source {
        case let .folder(folder):
            try Self.read(descriptor, chunks: chunks(folder: folder, limit: limit), limit: limit, file: folder.path)
        case let .archive(archive):
            try Self.read(descriptor, chunks: chunks(archive: archive), limit: limit, file: archive.path)
        }
    }

    /// Parses records from `chunks` (file name, bytes) in order, stopping after `limit` objects.
    public static func read(
        _ descriptor: DatasetDescriptor, chunks: [(String, Data)], limit: Int?, file: String
    ) throws -> DatasetObjects {
        let record = recordSize(descriptor), labelBytes = record - 3072
        var pixels: [UInt8] = [], labels: [String] = []
        for (file, data) in chunks {
            if let limit, labels.count >= limit { break }
            guard data.count % record == 0 else {
                throw LandscapeError(file: file, "size \(data.count) is not a multiple of the \(record)-byte record")
            }
            let take = min(data.count / record, (limit ?? Int.max) - labels.count)
            pixels.reserveCapacity(pixels.count + take * 3072)
            data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                let b = raw.bindMemory(to: UInt8.self)
                for r in 0..<take {
                    let base = r * record
                    labels.append(String(b[base + labelBytes - 1]))
                    pixels.append(contentsOf: UnsafeBufferPointer(rebasing: b[(base + labelBytes)..<(base + record)]))
                }
            }
        }
        return DatasetObjects(values: .bytes(pixels), labels: labels, features: 3072, side: 32, channels: 3, file: file)
    }

    func chunks(folder: URL, limit: Int?) throws -> [(String, Data)] {
        var chunks: [(String, Data)] = []
        var have = 0
        for file in files {
            if let limit, have >= limit { break }
            let url = folder.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw LandscapeError(
                    file: url.path,
                    "missing (the split needs \(files.joined(separator: ", ")))")
            }
            let data = try Gzip.readFile(url)
            chunks.append((url.path, data))
            have += data.count / Self.recordSize(descriptor)
        }
        return chunks
    }

    func chunks(archive: URL) throws -> [(String, Data)] {
        let tar = try TarArchive(Gzip.decompress(Gzip.readFile(archive), file: archive.path), file: archive.path)
        return try files.map { file in
            guard let member = tar.member(named: file) else {
                throw LandscapeError(file: archive.path, "archive has no \(file)")
            }
            return ("\(archive.path)!\(member.name)", member.data)
        }
    }
}
