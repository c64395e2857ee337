import Foundation
import LandscapeCore

/// A reader of the safetensors format: an 8-byte little-endian header length, a JSON header
/// mapping each name to {dtype, shape, data_offsets: [begin, end]} (offsets relative to the end
/// of the header), then the raw little-endian data. F32, F16 and BF16 are read as Float.
public struct SafeTensors {
    public struct Entry: Sendable {
        public let dtype: String
        public let shape: [Int]
        public let range: Range<Int>
    }

    public let file: String
    public let entries: [String: Entry]
    public let metadata: [String: String]
    let data: Data
    let base: Int

    /// The largest header accepted (the format's reference reader uses 100 MB).
    public static let maximumHeader = 100_000_000

    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw LandscapeError(file: url.path, "cannot read")
        }
        try self.init(data: data, file: url.path)
    }

    public init(data: Data, file: String) throws {
        self.file = file
        self.data = data
        guard data.count >= 8 else { throw LandscapeError(file: file, "truncated safetensors file (no header length)") }
        let length = data.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        guard length <= UInt64(Self.maximumHeader) else {
            throw LandscapeError(file: file, "safetensors header of \(length) bytes is too large")
        }
        guard 8 + Int(length) <= data.count else { throw LandscapeError(file: file, "truncated safetensors header") }
        base = 8 + Int(length)
        guard
            let json = try? JSONSerialization.jsonObject(
                with: data.subdata(in: (data.startIndex + 8)..<(data.startIndex + base))) as? [String: Any]
        else {
            throw LandscapeError(file: file, "safetensors header is not a JSON object")
        }
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        let payload = data.count - base
        for (name, value) in json {
            if name == "__metadata__" {
                metadata = (value as? [String: String]) ?? [:]
                continue
            }
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2
            else {
                throw LandscapeError(file: file, "tensor \(name): malformed header entry")
            }
            guard let size = Self.elementSize(dtype) else {
                throw LandscapeError(file: file, "tensor \(name): unsupported dtype \(dtype)")
            }
            guard offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= payload else {
                throw LandscapeError(
                    file: file, "tensor \(name): data offsets \(offsets) out of range (\(payload) data bytes)")
            }
            let count = try UntrustedFile.checkedProduct(
                shape, limit: Int.max / 8, file: file, what: "tensor \(name): shape")
            guard count * size == offsets[1] - offsets[0] else {
                throw LandscapeError(
                    file: file,
                    "tensor \(name): shape \(shape) of \(dtype) does not match its \(offsets[1] - offsets[0]) bytes")
            }
            entries[name] = Entry(dtype: dtype, shape: shape, range: offsets[0]..<offsets[1])
        }
        self.entries = entries
        self.metadata = metadata
    }

    static func elementSize(_ dtype: String) -> Int? {
        switch dtype {
        case "F32": 4
        case "F16", "BF16": 2
        default: nil
        }
    }

    /// The tensor `name` as Float, checking its shape when `shape` is given.
    public func floats(_ name: String, shape expected: [Int]? = nil) throws -> [Float] {
        guard let e = entries[name] else { throw LandscapeError(file: file, "no tensor named \(name)") }
        if let expected, expected != e.shape {
            throw LandscapeError(file: file, "tensor \(name) has shape \(e.shape), expected \(expected)")
        }
        let count = e.shape.reduce(1, *)
        return data.withUnsafeBytes { raw in
            let start = base + e.range.lowerBound
            switch e.dtype {
            case "F32": return (0..<count).map { raw.loadUnaligned(fromByteOffset: start + 4 * $0, as: Float.self) }
            case "F16":
                return (0..<count).map {
                    Float(Float16(bitPattern: raw.loadUnaligned(fromByteOffset: start + 2 * $0, as: UInt16.self)))
                }
            default:
                return (0..<count).map {
                    Float(bitPattern: UInt32(raw.loadUnaligned(fromByteOffset: start + 2 * $0, as: UInt16.self)) << 16)
                }
            }
        }
    }

    /// Writes tensors (F32) as a safetensors file, atomically (fixtures, caches, network weights).
    public static func write(
        _ tensors: [(String, [Int], [Float])], metadata: [String: String] = [:], to url: URL
    ) throws {
        try AtomicFile.write(encode(tensors, metadata: metadata), to: url)
    }

    /// The file's bytes: the header's keys sorted and padded with spaces to 8 bytes, so the same
    /// tensors always give the same bytes.
    public static func encode(_ tensors: [(String, [Int], [Float])], metadata: [String: String] = [:]) throws -> Data {
        var header: [String: Any] = metadata.isEmpty ? [:] : ["__metadata__": metadata]
        var offset = 0
        for (name, shape, values) in tensors {
            header[name] = ["dtype": "F32", "shape": shape, "data_offsets": [offset, offset + 4 * values.count]]
            offset += 4 * values.count
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
        var out = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        for (_, _, values) in tensors { values.withUnsafeBytes { out.append(contentsOf: $0) } }
        return out
    }
}
