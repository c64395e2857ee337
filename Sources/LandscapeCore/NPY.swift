import Foundation

/// NumPy's `.npy` format, version 1.0: magic, little-endian header length, a Python-dict header
/// padded with spaces to a multiple of 64 bytes and ended by '\n', then raw little-endian data.
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

    /// The parsed header of a `.npy` file: element type, shape, and where the data starts.
    static func layout(_ data: Data, file: String) throws -> (isDouble: Bool, shape: [Int], start: Int) {
        let bytes = [UInt8](data.prefix(65_536)) // the header only; version 1.0 caps it at 65,535 bytes
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw LandscapeError(file: file, "not a .npy file (bad magic)")
        }
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        guard bytes.count >= 10 + headerLength, let header = String(bytes: bytes[10..<(10 + headerLength)], encoding: .ascii) else {
            throw LandscapeError(file: file, "truncated .npy header")
        }
        let isDouble = header.contains("'<f8'")
        guard isDouble || header.contains("'<f4'"), header.contains("'fortran_order': False") else {
            throw LandscapeError(file: file, "unsupported .npy dtype or order: \(header)")
        }
        guard let open = header.firstIndex(of: "("), let close = header[open...].firstIndex(of: ")") else {
            throw LandscapeError(file: file, "no shape in .npy header")
        }
        let shape = header[header.index(after: open)..<close].split(separator: ",")
            .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        // Bytes the shape promises, without overflow (a fuzzed header can promise anything).
        var bytesPromised = isDouble ? 8 : 4
        for n in shape {
            let (product, overflow) = bytesPromised.multipliedReportingOverflow(by: n)
            guard n >= 0, !overflow else { throw LandscapeError(file: file, "impossible .npy shape \(shape)") }
            bytesPromised = product
        }
        let start = 10 + headerLength
        guard data.count - start == bytesPromised else {
            throw LandscapeError(file: file, "data length does not match shape \(shape)")
        }
        return (isDouble, shape, start)
    }

    /// Decodes a `.npy` file written by `encode` (or NumPy) holding `<f8` or `<f4` values.
    public static func decodeDoubles(_ data: Data, file: String) throws -> (values: [Double], shape: [Int]) {
        let (isDouble, shape, start) = try layout(data, file: file)
        let count = shape.reduce(1, *)
        let values = data.withUnsafeBytes { raw in
            (0..<count).map { i in
                isDouble ? raw.loadUnaligned(fromByteOffset: start + 8 * i, as: Double.self)
                    : Double(raw.loadUnaligned(fromByteOffset: start + 4 * i, as: Float.self))
            }
        }
        return (values, shape)
    }

    /// Decodes a C-order `<f4` file straight to Float (feature caches).
    public static func decodeFloats(_ data: Data, file: String) throws -> (values: [Float], shape: [Int]) {
        let (isDouble, shape, start) = try layout(data, file: file)
        guard !isDouble else { throw LandscapeError(file: file, "not a C-order float32 .npy file") }
        let values = data.withUnsafeBytes { raw in (0..<shape.reduce(1, *)).map { raw.loadUnaligned(fromByteOffset: start + 4 * $0, as: Float.self) } }
        return (values, shape)
    }
}
