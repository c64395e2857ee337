import Foundation
import LandscapeCore

/// Arrays of objects: a NumPy `.npy` X (count × d, or count × h × w, any real or integer dtype)
/// with a `.npy` y, or an IDX images/labels pair of any shape.
enum ArrayDataset {
    static func readNPY(_ url: URL, labels: URL) throws -> DeclaredDataset.Raw {
        let (xData, yData) = try (read(url), read(labels))
        let x = try NPYArray(xData, file: url.path), y = try NPYArray(yData, file: labels.path)
        guard x.shape.count >= 2 else { throw LandscapeError(file: url.path, "shape \(x.shape): expected objects × features (2 or more dimensions)") }
        guard y.shape.count == 1 || (y.shape.count == 2 && y.shape[1] == 1) else { throw LandscapeError(file: labels.path, "shape \(y.shape): expected one label per object") }
        guard x.shape[0] == y.shape[0] else { throw LandscapeError(file: labels.path, "holds \(y.shape[0]) labels for \(x.shape[0]) objects in \(url.lastPathComponent)") }
        let features = try UntrustedFile.checkedProduct(Array(x.shape.dropFirst()), file: url.path, what: "shape")
        var problems: [DeclaredDataset.Problem] = []
        for (i, v) in x.values.enumerated() where !v.isFinite {
            problems.append(.init(location: "index \(i / max(1, features))", message: "\(v) in feature \(i % max(1, features))", fatal: true))
            if problems.count >= 20 { break }
        }
        let labelTexts = y.values.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) }
        let image = x.shape.count == 3 ? (side: x.shape[1] == x.shape[2] ? x.shape[1] : nil, channels: 1) : (side: nil, channels: 0)
        return DeclaredDataset.Raw(values: x.values, labels: labelTexts, features: features, side: image.side, channels: image.side == nil ? nil : 1,
                                   bytes: x.isBytes, problems: problems + DeclaredDataset.classProblems(labelTexts), file: url.path,
                                   fingerprint: Checksum.sha256(xData + yData))
    }

    static func readIDX(_ url: URL, labels: URL) throws -> DeclaredDataset.Raw {
        let images = try Gzip.readMaybeCompressed(url), labelBytes = try Gzip.readMaybeCompressed(labels)
        guard images.count >= 4, images[images.startIndex + 2] == 0x08 else { throw LandscapeError(file: url.path, "not an unsigned-byte IDX file") }
        let dimensions = Int(images[images.startIndex + 3])
        guard dimensions >= 2 else { throw LandscapeError(file: url.path, "IDX file of \(dimensions) dimensions: expected objects × features (2 or more)") }
        let dims = try IDXReader.header(images, dimensions: dimensions, file: url.path)
        let labelCount = try IDXReader.header(labelBytes, dimensions: 1, file: labels.path)[0]
        guard dims[0] == labelCount else { throw LandscapeError(file: url.path, "holds \(dims[0]) objects but \(labels.lastPathComponent) holds \(labelCount) labels") }
        let features = try UntrustedFile.checkedProduct(Array(dims.dropFirst()), file: url.path, what: "IDX dimensions")
        let start = 4 + 4 * dims.count
        let needed = try UntrustedFile.checked(dims[0], times: features, plus: start, file: url.path, what: "IDX dimensions \(dims)")
        try UntrustedFile.checkDecodedSize(values: needed - start, file: url.path)
        try IDXReader.checkLength(images, needed: needed, exact: true, file: url.path)
        try IDXReader.checkLength(labelBytes, needed: 8 + labelCount, exact: true, file: labels.path)
        let values = images.dropFirst(start).map(Double.init)
        let labelTexts = labelBytes.dropFirst(8).map { String($0) }
        let square = dims.count == 3 && dims[1] == dims[2]
        return DeclaredDataset.Raw(values: values, labels: labelTexts, features: features, side: square ? dims[1] : nil, channels: square ? 1 : nil,
                                   bytes: true, problems: DeclaredDataset.classProblems(labelTexts), file: url.path,
                                   fingerprint: Checksum.sha256(images + labelBytes))
    }

    static func read(_ url: URL) throws -> Data { try UntrustedFile.read(url) }
}

/// A NumPy `.npy` array of any little-endian real or integer dtype, as Doubles.
struct NPYArray {
    let values: [Double]
    let shape: [Int]
    /// dtype uint8: values are bytes.
    let isBytes: Bool

    init(_ data: Data, file: String) throws {
        let bytes = [UInt8](data)
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else { throw LandscapeError(file: file, "not a .npy file") }
        let major = bytes[6]
        let headerLength = major == 1 ? Int(bytes[8]) | Int(bytes[9]) << 8
            : bytes.count >= 12 ? Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24 : -1
        let headerStart = major == 1 ? 10 : 12
        guard headerLength >= 0, headerStart + headerLength <= bytes.count else { throw LandscapeError(file: file, "truncated .npy header") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        func field(_ key: String) -> String? {
            guard let r = header.range(of: "'\(key)':") else { return nil }
            return String(header[r.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        guard let descrField = field("descr"), let q1 = descrField.firstIndex(of: "'"),
              let q2 = descrField[descrField.index(after: q1)...].firstIndex(of: "'") else { throw LandscapeError(file: file, "no dtype in the .npy header") }
        let descr = String(descrField[descrField.index(after: q1)..<q2])
        guard field("fortran_order")?.hasPrefix("False") ?? false else { throw LandscapeError(file: file, "Fortran-order arrays are not supported (save with np.ascontiguousarray)") }
        guard let shapeField = field("shape"), let open = shapeField.firstIndex(of: "("), let close = shapeField.firstIndex(of: ")"), open < close else {
            throw LandscapeError(file: file, "no shape in the .npy header")
        }
        let dims = shapeField[shapeField.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let shape = try dims.map { s -> Int in
            guard let n = Int(s), n >= 0, n < 1 << 40 else { throw LandscapeError(file: file, "impossible .npy shape (\(dims.joined(separator: ", ")))") }
            return n
        }
        let kinds: [String: (size: Int, read: (UnsafeRawBufferPointer, Int) -> Double)] = [
            "<f8": (8, { Double($0.loadUnaligned(fromByteOffset: $1, as: Double.self)) }), "<f4": (4, { Double($0.loadUnaligned(fromByteOffset: $1, as: Float.self)) }),
            "|u1": (1, { Double($0.load(fromByteOffset: $1, as: UInt8.self)) }), "|i1": (1, { Double($0.load(fromByteOffset: $1, as: Int8.self)) }),
            "<i2": (2, { Double($0.loadUnaligned(fromByteOffset: $1, as: Int16.self)) }), "<u2": (2, { Double($0.loadUnaligned(fromByteOffset: $1, as: UInt16.self)) }),
            "<i4": (4, { Double($0.loadUnaligned(fromByteOffset: $1, as: Int32.self)) }), "<u4": (4, { Double($0.loadUnaligned(fromByteOffset: $1, as: UInt32.self)) }),
            "<i8": (8, { Double($0.loadUnaligned(fromByteOffset: $1, as: Int64.self)) }), "<u8": (8, { Double($0.loadUnaligned(fromByteOffset: $1, as: UInt64.self)) }),
        ]
        guard let kind = kinds[descr] else { throw LandscapeError(file: file, "dtype \(descr) is not supported (little-endian reals or integers)") }
        let count = try UntrustedFile.checkedProduct(shape, file: file, what: ".npy shape")
        try UntrustedFile.checkDecodedSize(values: count, file: file)
        let start = headerStart + headerLength
        guard count.multipliedReportingOverflow(by: kind.size) == (bytes.count - start, false) else { throw LandscapeError(file: file, "data length does not match shape \(shape) of \(descr)") }
        values = bytes.withUnsafeBytes { raw in (0..<count).map { kind.read(raw, start + $0 * kind.size) } }
        self.shape = shape
        isBytes = descr == "|u1"
    }
}
