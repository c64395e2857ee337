import Foundation
import LandscapeFindings

/// Tables for the report. CommonMark has no tables, so they are emitted as HTML blocks inside
/// the Markdown (readable in report.md, passed through by cmark). Cells are escaped here.
public struct HTMLTable {
    public var header: [String]
    public var rows: [[String]] = []
    /// Column indices aligned right (numbers).
    public var numeric: Set<Int> = []
    public var caption: String?
    /// Columns whose cells are HTML built by our own code (links), inserted as they are.
    public var trustedHTML: Set<Int> = []
    /// The cells as data (`csv`): a number column's full-precision value where its column gives
    /// one, else the shown text.
    public var dataRows: [[String]]? = nil

    public init(header: [String], numeric: Set<Int> = [], caption: String? = nil) {
        self.header = header
        self.numeric = numeric
        self.caption = caption
    }

    /// Markdown-safe HTML: one block with no blank lines, so cmark keeps it whole.
    public var markdown: String {
        var lines = ["<div class=\"table\"><table>"]
        if let caption { lines.append("<caption>\(Escaping.html(caption))</caption>") }
        lines.append("<thead><tr>" + header.map { "<th>\(Escaping.html($0))</th>" }.joined() + "</tr></thead>")
        lines.append("<tbody>")
        for row in rows {
            lines.append(
                "<tr>"
                    + row.enumerated().map { i, cell in
                        let content = trustedHTML.contains(i) ? cell : Escaping.html(cell)
                        return numeric.contains(i) ? "<td class=\"num\">\(content)</td>" : "<td>\(content)</td>"
                    }.joined() + "</tr>")
        }
        lines.append("</tbody></table></div>")
        return lines.joined(separator: "\n")
    }
}

/// One column of a table, declared once: its header, its alignment and how a row fills its cell,
/// so headers, alignment and cells can never drift apart (no parallel lists of strings and indices).
public struct Column<Row> {
    public let header: String
    public let numeric: Bool
    public let cell: (Row) -> String
    /// The cell as data (CSV): every digit of the number, where the shown cell rounds it.
    public var data: ((Row) -> String)? = nil

    /// A right-aligned column of numbers.
    public static func number(_ header: String, _ cell: @escaping (Row) -> String) -> Column {
        Column(header: header, numeric: true, cell: cell)
    }

    /// A number shown rounded (`NumberFormat.sci` by default) and kept in full in the CSV; nil
    /// shows "—" and leaves the CSV cell empty.
    public static func value(
        _ header: String, display: @escaping (Double) -> String = { NumberFormat.sci($0) },
        _ value: @escaping (Row) -> Double?
    ) -> Column {
        var c = Column(header: header, numeric: true, cell: { value($0).map(display) ?? "—" })
        c.data = { value($0).map { "\($0)" } ?? "" }
        return c
    }

    /// A left-aligned column of text.
    public static func text(_ header: String, _ cell: @escaping (Row) -> String) -> Column {
        Column(header: header, numeric: false, cell: cell)
    }
}

extension HTMLTable {
    /// A table of `rows`, one cell per column.
    public init<Row>(columns: [Column<Row>], rows: [Row], caption: String? = nil) {
        self.init(
            header: columns.map(\.header), numeric: Set(columns.indices.filter { columns[$0].numeric }),
            caption: caption)
        self.rows = rows.map { row in columns.map { $0.cell(row) } }
        dataRows = rows.map { row in columns.map { ($0.data ?? $0.cell)(row) } }
    }

    /// RFC 4180 CSV of the header and the data rows: a field with a comma, quote or line break is
    /// quoted, and a text field a spreadsheet would run as a formula (=, +, -, @ first) gets a
    /// leading apostrophe.
    public var csv: String {
        func field(_ s: String) -> String {
            var s = s
            if let first = s.first, "=+-@".contains(first), Double(s) == nil { s = "'" + s }
            return s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        return ([header] + (dataRows ?? rows)).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n")
            + "\n"
    }

    /// A two-column table of settings and their values, one row per pair.
    public static func settings(
        header: (String, String) = ("setting", "value"), _ rows: [(String, String)]
    ) -> HTMLTable {
        HTMLTable(columns: [.text(header.0) { $0.0 }, .text(header.1) { $0.1 }], rows: rows)
    }

    /// A link whose text and target are escaped (a relative target percent-encoded, so a name
    /// can never become a `javascript:` URL).
    public static func link(_ text: String, _ href: String) -> String {
        let target = href.hasPrefix("https://") || href.hasPrefix("http://") ? href : Escaping.relativeURL(href)
        return "<a href=\"\(Escaping.html(target))\">\(Escaping.html(text))</a>"
    }
}
