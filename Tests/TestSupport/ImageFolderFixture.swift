import CGD
import Foundation

/// Writes NumPy `.npy` files of any dtype for reader tests (the real on-disk format).
public enum NPYFixture {
    /// descr such as "<f4", "|u1", "<i8"; `bytes` the little-endian values.
    public static func file(descr: String, shape: [Int], bytes: [UInt8]) -> Data {
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(dims)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var out = Data(
            [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        out += Data(header.utf8)
        out += Data(bytes)
        return out
    }

    public static func float32(_ values: [Float], shape: [Int]) -> Data {
        file(
            descr: "<f4", shape: shape,
            bytes: values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
    }

    public static func int64(_ values: [Int64], shape: [Int]) -> Data {
        file(descr: "<i8", shape: shape, bytes: values.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) })
    }
}

/// Small pictures of drawn shapes, one class folder each (PNG, and JPEG for the stripes).
public enum ImageFixtures {
    public static func writeShapes(to folder: URL, perClass: Int, side: Int) throws {
        for (name, draw) in [("circle", 0), ("square", 1), ("stripe", 2)] {
            let dir = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for i in 0..<perClass {
                let image = gdImageCreateTrueColor(Int32(side), Int32(side))!
                defer { gdImageDestroy(image) }
                gdImageFilledRectangle(image, 0, 0, Int32(side - 1), Int32(side - 1), 0xFFFFFF)
                let s = Int32(side)
                switch draw {
                case 0: gdImageFilledEllipse(image, s / 2, s / 2, s - 4 - Int32(i), s - 4 - Int32(i), 0x0000FF)
                case 1: gdImageFilledRectangle(image, 0, 0, s - 1, s - 1, 0xFF0000)
                default:
                    for x in stride(from: Int32(i), to: s, by: 4) {
                        gdImageFilledRectangle(image, x, 0, x + 1, s - 1, 0x00A000)
                    }
                }
                var size: Int32 = 0
                let jpeg = draw == 2
                guard let bytes = jpeg ? gdImageJpegPtr(image, &size, 95) : gdImagePngPtr(image, &size) else {
                    throw CocoaError(.fileWriteUnknown)
                }
                try Data(bytes: bytes, count: Int(size)).write(
                    to: dir.appendingPathComponent("\(i).\(jpeg ? "jpg" : "png")"))
                gdFree(bytes)
            }
        }
    }
}
