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

    /// Decodes a `.npy` file written by `encode` (or NumPy) holding `<f8` or `<f4` values.
    public static func decodeDoubles(_ data: Data, file: String) throws -> (values: [Double], shape: [Int]) {
        let bytes = [UInt8](data)
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
        guard let open = header.firstIndex(of: "("), let close = header.firstIndex(of: ")") else {
            throw LandscapeError(file: file, "no shape in .npy header")
        }
        let shape = header[header.index(after: open)..<close].split(separator: ",")
            .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let count = shape.reduce(1, *)
        let size = isDouble ? 8 : 4
        let start = 10 + headerLength
        guard bytes.count == start + count * size else { throw LandscapeError(file: file, "data length does not match shape \(shape)") }
        var values = [Double](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for i in 0..<count {
                values[i] = isDouble
                    ? raw.loadUnaligned(fromByteOffset: start + 8 * i, as: Double.self)
                    : Double(raw.loadUnaligned(fromByteOffset: start + 4 * i, as: Float.self))
            }
        }
        return (values, shape)
    }
}

extension NPY {
    /// Decodes a C-order `<f4` file straight to Float (feature caches).
    public static func decodeFloats(_ data: Data, file: String) throws -> (values: [Float], shape: [Int]) {
        let bytes = [UInt8](data.prefix(4096))
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw LandscapeError(file: file, "not a .npy file (bad magic)")
        }
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        guard bytes.count >= 10 + headerLength, let header = String(bytes: bytes[10..<(10 + headerLength)], encoding: .ascii),
              header.contains("'<f4'"), header.contains("'fortran_order': False"),
              let open = header.firstIndex(of: "("), let close = header.firstIndex(of: ")") else {
            throw LandscapeError(file: file, "not a C-order float32 .npy file")
        }
        let shape = header[header.index(after: open)..<close].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let count = shape.reduce(1, *), start = 10 + headerLength
        guard data.count == start + 4 * count else { throw LandscapeError(file: file, "data length does not match shape \(shape)") }
        let values = data.withUnsafeBytes { raw in (0..<count).map { raw.loadUnaligned(fromByteOffset: start + 4 * $0, as: Float.self) } }
        return (values, shape)
    }
}
