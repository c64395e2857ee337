import Foundation

/// NumPy's `.npy` format: magic, version, little-endian header length (2 bytes in version 1.0, 4 in
/// 2.0 and 3.0), a Python-dict header padded with spaces and ended by '\n', then the raw data.
public enum NPY {
    /// Encodes a C-order array of Float32 (`<f4`) or Float64 (`<f8`).
    public static func encode<T: BinaryFloatingPoint>(_ values: [T], shape: [Int]) -> Data {
        precondition(shape.reduce(1, *) == values.count, "shape does not match element count")
        let descr = MemoryLayout<T>.size == 4 ? "<f4" : "<f8"
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: header.utf8)
        values.withUnsafeBytes { data.append(contentsOf: $0) } // x86-64 and arm64 are little-endian
        return data
    }

    /// The parsed header of a `.npy` file (versions 1.0, 2.0 and 3.0): dtype, shape, where the data
    /// starts. The one parser of `.npy` headers: the feature cache and declared arrays read through it.
    public struct Header: Sendable {
        public let descr: String
        public let shape: [Int]
        public let start: Int
        /// Elements the shape promises (checked against overflow).
        public let count: Int
    }

    /// Little-endian dtypes read, with their sizes and a reader to Double.
    static let kinds: [String: (size: Int, read: @Sendable (UnsafeRawBufferPointer, Int) -> Double)] = [
        "<f8": (8, { $0.loadUnaligned(fromByteOffset: $1, as: Double.self) }),
        "<f4": (4, { Double($0.loadUnaligned(fromByteOffset: $1, as: Float.self)) }),
        "|u1": (1, { Double($0.load(fromByteOffset: $1, as: UInt8.self)) }),
        "|i1": (1, { Double($0.load(fromByteOffset: $1, as: Int8.self)) }),
        "<i2": (2, { Double($0.loadUnaligned(fromByteOffset: $1, as: Int16.self)) }),
        "<u2": (2, { Double($0.loadUnaligned(fromByteOffset: $1, as: UInt16.self)) }),
        "<i4": (4, { Double($0.loadUnaligned(fromByteOffset: $1, as: Int32.self)) }),
        "<u4": (4, { Double($0.loadUnaligned(fromByteOffset: $1, as: UInt32.self)) }),
        "<i8": (8, { Double($0.loadUnaligned(fromByteOffset: $1, as: Int64.self)) }),
        "<u8": (8, { Double($0.loadUnaligned(fromByteOffset: $1, as: UInt64.self)) }),
    ]

    /// Parses and checks the header: magic, version, C order, a known dtype, a shape whose bytes
    /// are exactly the data's (a fuzzed header can promise anything).
    public static func header(_ data: Data, file: String, capDecoded: Bool = false) throws -> Header {
        let bytes = [UInt8](data.prefix(12))
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw LandscapeError(file: file, "not a .npy file (bad magic)")
        }
        // Version 1.0 has a 2-byte header length; 2.0 and 3.0 a 4-byte one.
        let major = bytes[6], wide = major >= 2
        guard (1...3).contains(major), !wide || bytes.count >= 12 else {
            throw LandscapeError(file: file, "truncated .npy header")
        }
        let headerLength =
            wide
            ? Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            : Int(bytes[8]) | Int(bytes[9]) << 8
        let headerStart = wide ? 12 : 10
        guard headerLength <= data.count - headerStart else {
            throw LandscapeError(file: file, "truncated .npy header")
        }
        let base = data.startIndex + headerStart
        let text = String(decoding: data[base..<(base + headerLength)], as: UTF8.self)
        func field(_ key: String) -> String? {
            guard let r = text.range(of: "'\(key)':") else { return nil }
            return String(text[r.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        guard let descrField = field("descr"), let q1 = descrField.firstIndex(of: "'"),
            let q2 = descrField[descrField.index(after: q1)...].firstIndex(of: "'")
        else { throw LandscapeError(file: file, "no dtype in the .npy header") }
        let descr = String(descrField[descrField.index(after: q1)..<q2])
        guard field("fortran_order")?.hasPrefix("False") ?? false else {
            throw LandscapeError(file: file, "Fortran-order arrays are not supported (save with np.ascontiguousarray)")
        }
        guard let shapeField = field("shape"), let open = shapeField.firstIndex(of: "("),
            let close = shapeField.firstIndex(of: ")"), open < close
        else { throw LandscapeError(file: file, "no shape in the .npy header") }
        let dims = shapeField[shapeField.index(after: open)..<close].split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let shape = try dims.map { s -> Int in
            guard let n = Int(s), n >= 0, n < 1 << 40 else {
                throw LandscapeError(file: file, "impossible .npy shape (\(dims.joined(separator: ", ")))")
            }
            return n
        }
        guard let kind = kinds[descr] else {
            throw LandscapeError(file: file, "dtype \(descr) is not supported (little-endian reals or integers)")
        }
        let count = try UntrustedFile.checkedProduct(shape, file: file, what: ".npy shape")
        // Refused from the header alone when decoding it would not fit (before the length check).
        if capDecoded { try UntrustedFile.checkDecodedSize(values: count, file: file) }
        let start = headerStart + headerLength
        guard count.multipliedReportingOverflow(by: kind.size) == (data.count - start, false) else {
            throw LandscapeError(file: file, "data length does not match shape \(shape) of \(descr)")
        }
        return Header(descr: descr, shape: shape, start: start, count: count)
    }

    /// Any supported dtype as Doubles (declared arrays): values, shape, and whether they are bytes.
    public static func decodeAny(_ data: Data, file: String) throws -> (values: [Double], shape: [Int], isBytes: Bool) {
        let h = try header(data, file: file, capDecoded: true)
        let kind = kinds[h.descr]! // header() checked the dtype
        let values = data.withUnsafeBytes { raw in (0..<h.count).map { kind.read(raw, h.start + $0 * kind.size) } }
        return (values, h.shape, h.descr == "|u1")
    }

    /// Decodes a `.npy` file written by `encode` (or NumPy) holding `<f8` or `<f4` values.
    public static func decodeDoubles(_ data: Data, file: String) throws -> (values: [Double], shape: [Int]) {
        let (isDouble, shape, start, count) = try floats(data, file: file)
        let values = data.withUnsafeBytes { raw in
            (0..<count).map { i in
                isDouble
                    ? raw.loadUnaligned(fromByteOffset: start + 8 * i, as: Double.self)
                    : Double(raw.loadUnaligned(fromByteOffset: start + 4 * i, as: Float.self))
            }
        }
        return (values, shape)
    }

    /// Decodes a C-order `<f4` file straight to Float (feature caches).
    public static func decodeFloats(_ data: Data, file: String) throws -> (values: [Float], shape: [Int]) {
        let (isDouble, shape, start, count) = try floats(data, file: file)
        guard !isDouble else { throw LandscapeError(file: file, "not a C-order float32 .npy file") }
        let values = data.withUnsafeBytes { raw in
            (0..<count).map { raw.loadUnaligned(fromByteOffset: start + 4 * $0, as: Float.self) }
        }
        return (values, shape)
    }

    /// The header of a `<f8` or `<f4` file (what `encode` writes).
    static func floats(_ data: Data, file: String) throws -> (isDouble: Bool, shape: [Int], start: Int, count: Int) {
        let h = try header(data, file: file)
        guard h.descr == "<f8" || h.descr == "<f4" else {
            throw LandscapeError(file: file, "unsupported .npy dtype \(h.descr) (float32 or float64 expected)")
        }
        return (h.descr == "<f8", h.shape, h.start, h.count)
    }
}
