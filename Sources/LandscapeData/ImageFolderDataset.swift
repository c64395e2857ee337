import CGD
import Foundation
import LandscapeCore

/// A folder with one subfolder per class holding PNG or JPEG pictures; each is decoded by libgd,
/// resized (bicubic) to side × side and kept as RGB or grey bytes, channel-major like CIFAR.
enum ImageFolderDataset {
    static let extensions: Set<String> = ["png", "jpg", "jpeg"]

    static func read(_ folder: URL, side: Int, channels: Int) throws -> DeclaredDataset.Raw {
        guard (1...1024).contains(side), channels == 1 || channels == 3 else {
            throw LandscapeError(file: folder.path, "side must be 1–1024 and channels 1 or 3")
        }
        let fm = FileManager.default
        guard let classes = try? fm.contentsOfDirectory(atPath: folder.path).filter({ !$0.hasPrefix(".") }).sorted(), !classes.isEmpty else {
            throw LandscapeError(file: folder.path, "not a folder of class subfolders")
        }
        var values: [Double] = [], labels: [String] = [], problems: [DeclaredDataset.Problem] = [], digest = Data()
        for name in classes {
            let dir = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            let files = ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
            for file in files {
                let url = dir.appendingPathComponent(file)
                guard let bytes = try? Data(contentsOf: url) else { problems.append(.init(location: "\(name)/\(file)", message: "cannot read", fatal: true)); continue }
                guard let pixels = decode(bytes, side: side, channels: channels) else {
                    problems.append(.init(location: "\(name)/\(file)", message: "not a PNG or JPEG libgd can read", fatal: true))
                    continue
                }
                values += pixels
                labels.append(name)
                digest += Data(Checksum.sha256(bytes).utf8)
            }
        }
        if labels.isEmpty { problems.append(.init(location: folder.lastPathComponent, message: "no PNG or JPEG pictures in its class subfolders", fatal: true)) }
        return DeclaredDataset.Raw(values: values, labels: labels, features: channels * side * side, side: side, channels: channels, bytes: true,
                                   problems: problems + DeclaredDataset.classProblems(labels), file: folder.path, fingerprint: Checksum.sha256(digest))
    }

    /// channels × side × side bytes (as Doubles), or nil when libgd cannot decode the picture.
    static func decode(_ data: Data, side: Int, channels: Int) -> [Double]? {
        var bytes = [UInt8](data)
        let isPNG = bytes.starts(with: [0x89, 0x50, 0x4E, 0x47])
        guard let image = isPNG ? gdImageCreateFromPngPtr(Int32(bytes.count), &bytes) : gdImageCreateFromJpegPtr(Int32(bytes.count), &bytes) else { return nil }
        defer { gdImageDestroy(image) }
        guard let scaled = gdImageCreateTrueColor(Int32(side), Int32(side)) else { return nil }
        defer { gdImageDestroy(scaled) }
        gdImageCopyResampled(scaled, image, 0, 0, 0, 0, Int32(side), Int32(side), image.pointee.sx, image.pointee.sy)
        var out = [Double](repeating: 0, count: channels * side * side)
        for y in 0..<side {
            for x in 0..<side {
                let p = gdImageGetTrueColorPixel(scaled, Int32(x), Int32(y))
                let (r, g, b) = (Double((p >> 16) & 0xFF), Double((p >> 8) & 0xFF), Double(p & 0xFF))
                if channels == 3 {
                    out[y * side + x] = r; out[side * side + y * side + x] = g; out[2 * side * side + y * side + x] = b
                } else {
                    out[y * side + x] = (0.299 * r + 0.587 * g + 0.114 * b).rounded()
                }
            }
        }
        return out
    }
}
