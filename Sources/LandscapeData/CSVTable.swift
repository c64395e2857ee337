import Foundation

/// The one CSV parser: rows end at LF, CR or CRLF, cells at commas; a cell is trimmed of spaces
/// and tabs and of one pair of surrounding double quotes; blank lines are skipped. It walks the
/// bytes once without building strings, so 60,000 rows of 785 pixels read at memory speed.
public struct CSVTable {
    /// One row: its 1-based line number and its cells as byte ranges of the file.
    public struct Row {
        public let line: Int
        let bytes: UnsafeBufferPointer<UInt8>
        let cells: [Range<Int>]

        public var count: Int { cells.count }

        /// The cell's text (invalid UTF-8 repaired).
        public func text(_ j: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[cells[j]]), as: UTF8.self)
        }

        /// The cell as a non-negative integer of at most `digits` digits, or nil.
        public func integer(_ j: Int, digits: Int = 15) -> Int? {
            let r = cells[j]
            guard !r.isEmpty, r.count <= digits else { return nil }
            var v = 0
            for i in r {
                let c = bytes[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }

        /// The cell as a number as Swift's `Double(_:)` reads it (integers without a detour).
        public func number(_ j: Int) -> Double? { integer(j).map(Double.init) ?? Double(text(j)) }
    }

    /// Calls `body` with each non-blank row in order until it returns false.
    public static func forEachRow(_ data: Data, _ body: (Row) throws -> Bool) rethrows {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let b = raw.bindMemory(to: UInt8.self)
            var i = 0, line = 1
            var cells: [Range<Int>] = []
            while i < b.count {
                cells.removeAll(keepingCapacity: true)
                var cellStart = i, blank = true
                while i < b.count, b[i] != 0x0A, b[i] != 0x0D {
                    if b[i] == 0x2C {
                        cells.append(trimmed(b, cellStart..<i))
                        cellStart = i + 1
                    } else if b[i] != 0x20 && b[i] != 0x09 {
                        blank = false
                    }
                    i += 1
                }
                cells.append(trimmed(b, cellStart..<i))
                if !blank || cells.count > 1 {
                    guard try body(Row(line: line, bytes: b, cells: cells)) else { return }
                }
                // CRLF is one line end.
                if i < b.count, b[i] == 0x0D, i + 1 < b.count, b[i + 1] == 0x0A { i += 1 }
                i += 1
                line += 1
            }
        }
    }

    static func trimmed(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi, b[lo] == 0x20 || b[lo] == 0x09 { lo += 1 }
        while hi > lo, b[hi - 1] == 0x20 || b[hi - 1] == 0x09 { hi -= 1 }
        if hi - lo >= 2, b[lo] == 0x22, b[hi - 1] == 0x22 { lo += 1; hi -= 1 }
        return lo..<hi
    }
}
