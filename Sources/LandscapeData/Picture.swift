import CGD
import Foundation

/// A PNG or JPEG picture through libgd: its size from the header, read without decoding (so a
/// huge declared size is refused before libgd allocates it), and the decoded image.
public enum Picture {
    /// Width and height from a PNG's IHDR or a JPEG's start-of-frame marker.
    public static func dimensions(_ data: Data) -> (width: Int, height: Int)? {
        let b = [UInt8](data.prefix(1 << 20))
        func be16(_ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
        func be32(_ i: Int) -> Int { be16(i) << 16 | be16(i + 2) }
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            guard b.count >= 24, Array(b[12..<16]) == Array("IHDR".utf8) else { return nil }
            return (be32(16), be32(20))
        }
        guard b.count >= 4, b[0] == 0xFF, b[1] == 0xD8 else { return nil }
        var i = 2
        while i + 9 < b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }
            if (0xD0...0xD9).contains(marker) || marker == 0x01 { i += 2; continue }
            let length = be16(i + 2)
            // Start-of-frame markers C0–CF, except DHT (C4), JPG (C8) and DAC (CC).
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                return (be16(i + 7), be16(i + 5))
            }
            guard length >= 2 else { return nil }
            i += 2 + length
        }
        return nil
    }

    /// Decodes `data` with libgd and hands the image to `body` (freed after); nil when the bytes
    /// are not a PNG or JPEG that libgd reads, or are 2 GiB or more (libgd takes an Int32 size).
    public static func withDecoded<R>(_ data: Data, _ body: (gdImagePtr) throws -> R) rethrows -> R? {
        guard data.count < Int(Int32.max), dimensions(data) != nil else { return nil }
        var bytes = [UInt8](data)
        let isPNG = bytes.starts(with: [0x89, 0x50, 0x4E, 0x47])
        guard
            let image = isPNG
                ? gdImageCreateFromPngPtr(Int32(bytes.count), &bytes)
                : gdImageCreateFromJpegPtr(Int32(bytes.count), &bytes)
        else { return nil }
        defer { gdImageDestroy(image) }
        return try body(image)
    }
}
