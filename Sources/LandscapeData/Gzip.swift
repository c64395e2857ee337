import CZlib
import Foundation
import LandscapeCore

/// gzip decompression through zlib, optionally stopping once enough bytes are produced
/// (loading the first 10,000 of 60,000 objects needs only the front of the stream).
public enum Gzip {
    public static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// Inflates `data`. With `limit`, returns as soon as `limit` bytes exist (possibly fewer if
    /// the stream ends first). Without it, the whole stream must decode and end cleanly. A stream
    /// that inflates past `cap` (a decompression bomb) is refused before it is held in memory.
    public static func decompress(
        _ data: Data, limit: Int? = nil, cap: Int = UntrustedFile.byteLimit, file: String
    ) throws -> Data {
        var stream = z_stream()
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw LandscapeError(file: file, "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var status: Int32 = Z_OK
        try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(input.count)
            repeat {
                try buffer.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(chunk)
                    status = inflate(&stream, Z_NO_FLUSH)
                    guard status == Z_OK || status == Z_STREAM_END else {
                        throw LandscapeError(file: file, "corrupt gzip data (zlib error \(status))")
                    }
                    output.append(out.baseAddress!, count: chunk - Int(stream.avail_out))
                }
                if output.count > cap && (limit ?? Int.max) > cap {
                    throw LandscapeError(
                        file: file,
                        "inflates to more than \(cap) bytes (raise LANDSCAPE_MAX_FILE_BYTES if that is intended)")
                }
                if let limit, output.count >= limit { return }
                if status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0 {
                    throw LandscapeError(file: file, "truncated gzip stream")
                }
            } while status != Z_STREAM_END
        }
        return output
    }

    /// Reads a file, inflating it when it starts with the gzip magic.
    public static func readMaybeCompressed(_ url: URL, limit: Int? = nil) throws -> Data {
        let raw = try readFile(url)
        return isGzip(raw) ? try decompress(raw, limit: limit, file: url.path) : raw
    }

    static func readFile(_ url: URL) throws -> Data { try UntrustedFile.read(url) }
}

extension Gzip {
    /// gzip-compresses `data` (fixtures, caches).
    public static func compress(_ data: Data) -> Data {
        var stream = z_stream()
        deflateInit2_(
            &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 32)
        let produced: Int = data.withUnsafeBytes { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(input.count)
            return output.withUnsafeMutableBufferPointer { out in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                deflate(&stream, Z_FINISH)
                return out.count - Int(stream.avail_out)
            }
        }
        return Data(output[0..<produced])
    }
}
