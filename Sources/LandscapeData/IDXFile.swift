import Foundation
import LandscapeCore

/// The one IDX parser: LeCun's format (MNIST, FashionMNIST): big-endian magic `0x0000_08DD`
/// (0x08 = unsigned byte, DD = number of dimensions), one big-endian UInt32 per dimension, then
/// the bytes.
public enum IDXFile {
    /// The dimension sizes and where the bytes start. `dimensions`: the count the caller needs
    /// (nil: any, at least `minimumDimensions`).
    public static func header(
        _ data: Data, dimensions: Int? = nil, minimumDimensions: Int = 1, file: String
    ) throws -> (shape: [Int], start: Int) {
        guard data.count >= 4 else { throw LandscapeError(file: file, "truncated IDX header") }
        let b = data.startIndex
        guard data[b] == 0, data[b + 1] == 0, data[b + 2] == 0x08 else {
            throw LandscapeError(
                file: file,
                String(
                    format: "wrong IDX magic number 0x%08X (expected 0x%08X: unsigned bytes)", word(data, 0),
                    0x0800 | (dimensions ?? Int(data[b + 3]))))
        }
        let count = Int(data[b + 3])
        if let dimensions, count != dimensions {
            throw LandscapeError(
                file: file,
                String(format: "wrong IDX magic number 0x%08X (expected 0x%08X)", word(data, 0), 0x0800 | dimensions))
        }
        guard count >= minimumDimensions else {
            throw LandscapeError(
                file: file,
                String(format: "wrong IDX magic number 0x%08X: ", word(data, 0))
                    + "\(count) dimension\(count == 1 ? "" : "s"), expected objects × features (\(minimumDimensions) or more)"
            )
        }
        guard data.count >= 4 + 4 * count else { throw LandscapeError(file: file, "truncated IDX header") }
        return ((1...count).map { word(data, $0) }, 4 + 4 * count)
    }

    static func word(_ data: Data, _ i: Int) -> Int {
        let b = data.startIndex + 4 * i
        return Int(data[b]) << 24 | Int(data[b + 1]) << 16 | Int(data[b + 2]) << 8 | Int(data[b + 3])
    }

    /// The bytes of the first `objects` objects of `perObject` bytes each, after checking the file
    /// holds them; `exact`: the file must end there (a whole file, not one cut short on purpose).
    public static func payload(
        _ data: Data, start: Int, objects: Int, perObject: Int, exact: Bool, file: String
    ) throws -> [UInt8] {
        let needed = try UntrustedFile.checked(
            objects, times: perObject, plus: start, file: file, what: "IDX dimensions")
        try UntrustedFile.checkDecodedSize(values: needed - start, file: file)
        if data.count < needed {
            throw LandscapeError(file: file, "truncated: \(data.count) bytes, the header promises \(needed)")
        }
        if exact && data.count != needed {
            throw LandscapeError(file: file, "\(data.count - needed) unexpected bytes after the data")
        }
        return [UInt8](data[(data.startIndex + start)..<(data.startIndex + needed)])
    }

    /// Writes an IDX images or labels file (used by tests and fixtures).
    public static func encode(dimensions: [Int], bytes: [UInt8]) -> Data {
        var data = Data([0, 0, 0x08, UInt8(dimensions.count)])
        for d in dimensions {
            data.append(contentsOf: [
                UInt8(d >> 24 & 0xFF), UInt8(d >> 16 & 0xFF), UInt8(d >> 8 & 0xFF), UInt8(d & 0xFF),
            ])
        }
        data.append(contentsOf: bytes)
        return data
    }
}
