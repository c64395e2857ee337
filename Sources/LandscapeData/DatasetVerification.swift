import Foundation

/// Checks found files against reference checksums: the publishers' MD5 of the downloaded file,
/// else a known SHA-256 of the decompressed content.
public enum DatasetVerification {
    public enum Status: String, Sendable { case ok, unverified, mismatch }

    public static func verify(_ location: DatasetLocation) -> Status {
        let official = location.descriptor.source?.files ?? []
        var statuses: [Status] = []
        for url in location.files {
            guard let data = try? Data(contentsOf: url, options: .alwaysMapped) else { return .mismatch }
            if let md5 = official.first(where: { $0.name == url.lastPathComponent })?.md5, Checksum.md5(data) == md5 {
                statuses.append(.ok); continue
            }
            let base = url.lastPathComponent.replacingOccurrences(of: ".gz", with: "")
            guard let expected = DatasetSource.knownContentSHA256["\(location.name.rawValue)/\(base)"] else {
                statuses.append(.unverified); continue
            }
            let content = Gzip.isGzip(data) ? (try? Gzip.decompress(data, file: url.path)) : data
            statuses.append(content.map(Checksum.sha256) == expected ? .ok : .mismatch)
        }
        if statuses.contains(.mismatch) { return .mismatch }
        return statuses.allSatisfy { $0 == .ok } && !statuses.isEmpty ? .ok : .unverified
    }
}
