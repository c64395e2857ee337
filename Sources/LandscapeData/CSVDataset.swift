import Foundation
import LandscapeCore

/// A CSV file (plain or gzip) with one object per row and one label column, with or without a
/// header row. Cells are numbers; the label may be any text.
enum CSVDataset {
    static func read(_ url: URL, label: String) throws -> DeclaredDataset.Raw {
        let data: Data
        do { data = try Gzip.readMaybeCompressed(url) } catch let e as LandscapeError { throw e } catch {
            throw LandscapeError(file: url.path, "cannot read")
        }
        // At most one value per separator: refuse before splitting what could not be held.
        try UntrustedFile.checkDecodedSize(
            values: data.reduce(into: 0) { n, b in if b == 0x2C || b == 0x0A { n += 1 } }, file: url.path)
        let text = String(decoding: data, as: UTF8.self)
        // "\r\n" is one Character in Swift: split on every newline, so CRLF files read as LF ones.
        // Cells are split line by line as they are read, so memory is the text plus the values.
        var lines: [(number: Int, line: Substring)] = text.split(
            omittingEmptySubsequences: false, whereSeparator: \.isNewline
        ).enumerated()
            .compactMap { $0.element.allSatisfy(\.isWhitespace) ? nil : (number: $0.offset + 1, line: $0.element) }
        guard let firstLine = lines.first else { throw LandscapeError(file: url.path, "is empty") }
        let first = (number: firstLine.number, cells: Self.cells(firstLine.line))
        let width = first.cells.count
        // A header: the first row has a non-numeric cell outside the label column and the second has none.
        let column = try labelColumn(label, header: first.cells, width: width, file: url.path)
        let numericOutsideLabel = { (cells: [String]) in
            cells.indices.allSatisfy { $0 == column || Double($0 < cells.count ? cells[$0] : "") != nil }
        }
        var header: [String]? = nil
        if !numericOutsideLabel(first.cells) && (lines.count < 2 || numericOutsideLabel(Self.cells(lines[1].line)))
            || Int(label) == nil && !["first", "last"].contains(label)
        {
            header = first.cells
            lines.removeFirst()
        }
        if header == nil, Int(label) == nil, !["first", "last"].contains(label) {
            throw LandscapeError(file: url.path, "label column '\(label)' named but the file has no header row")
        }
        var values: [Double] = [], labels: [String] = [], problems: [DeclaredDataset.Problem] = []
        values.reserveCapacity(min(lines.count.multipliedReportingOverflow(by: width - 1).partialValue, data.count / 2))
        for (number, line) in lines {
            let cells = Self.cells(line)
            guard cells.count == width else {
                problems.append(
                    .init(
                        location: "line \(number)", message: "ragged row: \(cells.count) cells, expected \(width)",
                        fatal: true))
                continue
            }
            for (j, cell) in cells.enumerated() where j != column {
                guard let v = Double(cell) else {
                    problems.append(
                        .init(
                            location: "line \(number)",
                            message: "non-numeric cell '\(cell.prefix(20))' in column \(j + 1)", fatal: true))
                    continue
                }
                if !v.isFinite {
                    problems.append(
                        .init(location: "line \(number)", message: "\(cell) in column \(j + 1)", fatal: true))
                }
                values.append(v)
            }
            labels.append(cells[column])
        }
        if problems.contains(where: \.fatal) { values = [] }
        return DeclaredDataset.Raw(
            values: values, labels: labels, features: width - 1, side: nil, channels: nil, bytes: false,
            problems: problems + DeclaredDataset.classProblems(labels), file: url.path,
            fingerprint: Checksum.sha256(data))
    }

    /// The cells of one line: split on commas, spaces and surrounding quotes trimmed.
    static func cells(_ line: Substring) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { cell in
            var s = cell.trimmingCharacters(in: .whitespacesAndNewlines)
            if s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") { s = String(s.dropFirst().dropLast()) }
            return s
        }
    }

    static func labelColumn(_ label: String, header: [String], width: Int, file: String) throws -> Int {
        switch label {
        case "last": return width - 1
        case "first": return 0
        default:
            if let i = Int(label) {
                guard (1...width).contains(i) else {
                    throw LandscapeError(file: file, "label column \(i) is outside 1…\(width)")
                }
                return i - 1
            }
            guard let i = header.firstIndex(of: label) else {
                throw LandscapeError(file: file, "no column named '\(label)' in the header")
            }
            return i
        }
    }
}
