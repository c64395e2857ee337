import CGD
import Foundation
import LandscapeCore

/// A folder with one subfolder per class holding PNG or JPEG pictures (`format: images`); each is
/// decoded by libgd, resized (bicubic) to side × side and kept as RGB or grey bytes, channel-major
/// like CIFAR.
public struct ImageFolderReader: DeclaredFormat {
    static let extensions: Set<String> = ["png", "jpg", "jpeg"]

    /// Pictures declaring more pixels than this (width × height, before resizing) are refused
    /// from their header, before libgd allocates them: a 30000 × 30000 PNG of a few hundred bytes
    /// would otherwise cost gigabytes. The declaration's `maxPixels` raises it.
    public static let defaultPixelLimit = 50_000_000

    public let folder: URL
    public let side: Int
    public let channels: Int
    public let pixelLimit: Int

    public init(_ folder: URL, side: Int, channels: Int, pixelLimit: Int = defaultPixelLimit) {
        self.folder = folder
        self.side = side
        self.channels = channels
        self.pixelLimit = pixelLimit
    }

    public static let name = DatasetFormatName(rawValue: "images")

    public static func matches(path: String, isDirectory: Bool) -> Bool { isDirectory }

    public static func displayName(_ objects: DatasetObjects) -> String {
        "images (\(objects.channels == 3 ? "RGB" : "grayscale"))"
    }

    public init(_ d: DatasetDeclaration) {
        self.init(
            URL(fileURLWithPath: d.path), side: d.side ?? 32, channels: d.channels ?? 3,
            pixelLimit: d.maxPixels ?? Self.defaultPixelLimit)
    }

    public func read(limit: Int?) throws -> DatasetObjects {
        guard (1...1024).contains(side), channels == 1 || channels == 3 else {
            throw LandscapeError(file: folder.path, "side must be 1–1024 and channels 1 or 3")
        }
        let fm = FileManager.default
        guard let classes = try? fm.contentsOfDirectory(atPath: folder.path).filter({ !$0.hasPrefix(".") }).sorted(),
            !classes.isEmpty
        else {
            throw LandscapeError(file: folder.path, "not a folder of class subfolders")
        }
        let root = folder.resolvingSymlinksInPath().standardizedFileURL.path
        var pictures: [(name: String, file: String, url: URL)] = [], problems: [DatasetObjects.Problem] = []
        for name in classes {
            let dir = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            let files = ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).filter {
                Self.extensions.contains(($0 as NSString).pathExtension.lowercased())
            }.sorted()
            for file in files {
                let url = dir.appendingPathComponent(file)
                // A link that leads out of the dataset folder would read files the declaration did not name.
                let target = url.resolvingSymlinksInPath().standardizedFileURL.path
                guard target.hasPrefix(root + "/") else {
                    problems.append(
                        .init(
                            location: "\(name)/\(file)",
                            message: "is a symbolic link to \(target), outside the dataset folder", fatal: true))
                    continue
                }
                pictures.append((name, file, url))
            }
        }
        // The decoded objects are channels × side² values each: refuse before decoding what cannot fit.
        do {
            try UntrustedFile.checkDecodedSize(values: pictures.count * channels * side * side, file: folder.path)
        } catch let e as LandscapeError {
            throw LandscapeError(
                file: folder.path, "\(pictures.count) pictures at side \(side): \(e.problem); lower `side`")
        }
        var values: [UInt8] = [], labels: [String] = [], digest = Data()
        for (name, file, url) in pictures {
            let bytes: Data
            do { bytes = try UntrustedFile.read(url, limit: Int(Int32.max)) } catch let error as LandscapeError {
                problems.append(.init(location: "\(name)/\(file)", message: error.problem, fatal: true)); continue
            }
            if let size = Picture.dimensions(bytes), size.width * size.height > pixelLimit {
                problems.append(
                    .init(
                        location: "\(name)/\(file)",
                        message: "declares \(size.width) × \(size.height) pixels, more than maxPixels = \(pixelLimit)",
                        fatal: true))
                continue
            }
            guard let pixels = Self.decode(bytes, side: side, channels: channels) else {
                problems.append(
                    .init(location: "\(name)/\(file)", message: "not a PNG or JPEG libgd can read", fatal: true))
                continue
            }
            values += pixels
            labels.append(name)
            digest += Data(Checksum.sha256(bytes).utf8)
        }
        if labels.isEmpty {
            problems.append(
                .init(
                    location: folder.lastPathComponent, message: "no PNG or JPEG pictures in its class subfolders",
                    fatal: true))
        }
        return DatasetObjects(
            values: .bytes(values), labels: labels, features: channels * side * side, side: side, channels: channels,
            problems: problems + DatasetObjects.classProblems(labels), file: folder.path,
            fingerprint: Checksum.sha256(digest))
    }

    /// channels × side × side bytes, or nil when libgd cannot decode the picture.
    static func decode(_ data: Data, side: Int, channels: Int) -> [UInt8]? {
        Picture.withDecoded(data) { image in resized(image, side: side, channels: channels) } ?? nil
    }

    static func resized(_ image: gdImagePtr, side: Int, channels: Int) -> [UInt8]? {
        guard let scaled = gdImageCreateTrueColor(Int32(side), Int32(side)) else { return nil }
        defer { gdImageDestroy(scaled) }
        gdImageCopyResampled(scaled, image, 0, 0, 0, 0, Int32(side), Int32(side), image.pointee.sx, image.pointee.sy)
        var out = [UInt8](repeating: 0, count: channels * side * side)
        for y in 0..<side {
            for x in 0..<side {
                let p = gdImageGetTrueColorPixel(scaled, Int32(x), Int32(y))
                let (r, g, b) = (UInt8((p >> 16) & 0xFF), UInt8((p >> 8) & 0xFF), UInt8(p & 0xFF))
                if channels == 3 {
                    out[y * side + x] = r; out[side * side + y * side + x] = g; out[2 * side * side + y * side + x] = b
                } else {
                    let grey: Double = 0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b)
                    out[y * side + x] = UInt8(grey.rounded())
                }
            }
        }
        return out
    }
}
