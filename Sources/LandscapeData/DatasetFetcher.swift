import Foundation
import LandscapeCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads a dataset's official files into the cache: each into `NAME.part` (resumed with an
/// HTTP Range request when a previous attempt left one), verified against the publishers' MD5,
/// then renamed into place. CIFAR archives are unpacked into their `.bin` files.
public struct DatasetFetcher {
    public let catalog: DatasetCatalog
    public let log: (String) -> Void

    public init(catalog: DatasetCatalog, log: @escaping (String) -> Void = { print($0) }) {
        self.catalog = catalog
        self.log = log
    }

    /// Fetches `name` from `mirror` (a base URL) or the official location. Returns the folder.
    @discardableResult
    public func fetch(_ name: DatasetName, mirror: String? = nil, source: DatasetSource? = nil) async throws -> URL {
        let descriptor = DatasetDescriptors.builtIn[name]
        guard let source = source ?? descriptor?.source else {
            throw LandscapeError(
                "\(name.rawValue): not a built-in dataset; there is nothing to fetch (declare its files in the spec)")
        }
        let base = (mirror ?? source.baseURL).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let folder = catalog.cache.appendingPathComponent(name.rawValue)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for remote in source.files {
            let target = folder.appendingPathComponent(remote.name)
            if let data = try? Data(contentsOf: target, options: .alwaysMapped), Checksum.md5(data) == remote.md5 {
                log("\(target.path): present, checksum ok"); continue
            }
            guard let url = URL(string: "\(base)/\(remote.name)") else {
                throw LandscapeError("\(base): not a valid URL")
            }
            try await download(url, to: target, md5: remote.md5)
        }
        if let descriptor, descriptor.cifar != nil {
            try unpack(descriptor, archive: folder.appendingPathComponent(source.files[0].name))
        }
        return folder
    }

    func download(_ url: URL, to target: URL, md5: String) async throws {
        try await download(url, to: target, verified: "MD5 ok") { part in
            let got = Checksum.md5(try Data(contentsOf: part, options: .alwaysMapped))
            guard got == md5 else { throw LandscapeError("checksum mismatch: MD5 \(got), the publishers list \(md5)") }
        }
    }

    /// Downloads `url` into `target.part`, streamed (resuming a previous partial download with an
    /// HTTP Range request), runs `check` on it, and only then renames it to `target`. A failed check deletes
    /// the part and throws, naming the URL; `verified` says in the log what the check showed.
    public func download(_ url: URL, to target: URL, verified: String, check: (URL) throws -> Void) async throws {
        let part = target.appendingPathExtension("part")
        let fm = FileManager.default
        try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        var request = URLRequest(url: url)
        let resumeFrom = (try? fm.attributesOfItem(atPath: part.path)[.size] as? Int) ?? 0
        if resumeFrom > 0 { request.setValue("bytes=\(resumeFrom)-", forHTTPHeaderField: "Range") }
        log("fetching \(url.absoluteString)\(resumeFrom > 0 ? " (resuming at byte \(resumeFrom))" : "")")
        let status: Int
        do {
            status = try await StreamingDownload.run(
                request, into: part, resumeFrom: resumeFrom, label: target.lastPathComponent)
        } catch {
            throw LandscapeError(
                file: url.absoluteString,
                "download failed: \((error as? LandscapeError)?.problem ?? error.localizedDescription)")
        }
        guard status == 200 || (status == 206 && resumeFrom > 0) else {
            try? fm.removeItem(at: part)
            throw LandscapeError(file: url.absoluteString, "HTTP \(status)")
        }
        do {
            try check(part)
        } catch {
            try? fm.removeItem(at: part)
            throw LandscapeError(file: url.absoluteString, (error as? LandscapeError)?.problem ?? "\(error)")
        }
        try AtomicFile.replace(target, with: part)
        log("\(target.path): saved, \(verified)")
    }

    /// Unpacks the CIFAR archive's training files next to it, each written atomically, then
    /// removes the archive (the folder is what the catalog finds first).
    func unpack(_ descriptor: DatasetDescriptor, archive: URL) throws {
        let folder = archive.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: archive.path), let cifar = descriptor.cifar else { return }
        let sub = folder.appendingPathComponent(cifar.subfolder)
        let tar = try TarArchive(Gzip.decompress(Gzip.readFile(archive), file: archive.path), file: archive.path)
        for file in CIFARReader.trainingFiles(descriptor) {
            guard let member = tar.member(named: file) else {
                throw LandscapeError(file: archive.path, "archive has no \(file)")
            }
            try AtomicFile.write(member.data, to: sub.appendingPathComponent(file))
        }
        try FileManager.default.removeItem(at: archive)
        log("\(sub.path): unpacked \(CIFARReader.trainingFiles(descriptor).joined(separator: ", "))")
    }
}
