/// The last line of defence for every page: cmark runs with raw HTML allowed (the report's own
/// tables are HTML blocks), so its output is checked here against an allow-list. A tag outside
/// the list is shown as text, an attribute outside it or any `on…` handler is dropped, and a
/// link or image whose URL has a scheme other than http, https or mailto (`javascript:`,
/// `data:`, `vbscript:`, however entity-encoded or split by whitespace) points to `#` instead.
/// Well-formed output of the tool's own code passes through byte for byte.
public enum HTMLSanitizer {
    static let tags: Set<String> = [
        "a", "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong", "code", "pre",
        "blockquote",
        "img", "div", "span", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "sub", "sup", "details",
        "summary",
        "figure", "figcaption", "section", "nav", "del", "small", "colgroup", "col", "b", "i", "kbd",
    ]
    static let attributes: Set<String> = [
        "href", "src", "alt", "title", "class", "id", "colspan", "rowspan", "align", "width", "height", "open", "start",
        "name", "loading", "scope",
    ]
    static let urlAttributes: Set<String> = ["href", "src"]

    public static func clean(_ html: String) -> String {
        let b = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            guard b[i] == UInt8(ascii: "<") else { out.append(b[i]); i += 1; continue }
            if b[i...].starts(with: Array("<!--".utf8)) {
                // Comments are dropped: nothing of the tool's needs them.
                var j = i + 4
                while j < b.count, !b[j...].starts(with: Array("-->".utf8)) { j += 1 }
                i = min(b.count, j + 3)
                continue
            }
            if let (end, rebuilt) = tag(b, from: i) {
                out += rebuilt
                i = end
            } else {
                out += Array("&lt;".utf8)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The allowed tag at `start` (its end index and its text, rebuilt if anything was removed), or nil.
    static func tag(_ b: [UInt8], from start: Int) -> (Int, [UInt8])? {
        var i = start + 1
        let closing = i < b.count && b[i] == UInt8(ascii: "/")
        if closing { i += 1 }
        let nameStart = i
        while i < b.count, isNameByte(b[i]) { i += 1 }
        guard i > nameStart else { return nil }
        let name = String(decoding: b[nameStart..<i], as: UTF8.self).lowercased()
        guard tags.contains(name) else { return nil }
        var kept: [(String, String?)] = [], changed = false
        while i < b.count {
            while i < b.count, isSpace(b[i]) || b[i] == UInt8(ascii: "/") { i += 1 }
            guard i < b.count else { return nil }
            if b[i] == UInt8(ascii: ">") {
                let end = i + 1
                guard changed else { return (end, Array(b[start..<end])) }
                var text = "<" + (closing ? "/" : "") + name
                for (k, v) in kept { text += " " + k + (v.map { "=\"" + Escaping.html($0) + "\"" } ?? "") }
                return (end, Array((text + ">").utf8))
            }
            let attrStart = i
            while i < b.count, !isSpace(b[i]), b[i] != UInt8(ascii: "="), b[i] != UInt8(ascii: ">"),
                b[i] != UInt8(ascii: "/")
            { i += 1 }
            let key = String(decoding: b[attrStart..<i], as: UTF8.self).lowercased()
            var value: String? = nil
            while i < b.count, isSpace(b[i]) { i += 1 }
            if i < b.count, b[i] == UInt8(ascii: "=") {
                i += 1
                while i < b.count, isSpace(b[i]) { i += 1 }
                guard i < b.count else { return nil }
                if b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") {
                    let quote = b[i]
                    let valueStart = i + 1
                    i += 1
                    while i < b.count, b[i] != quote { i += 1 }
                    guard i < b.count else { return nil }
                    value = String(decoding: b[valueStart..<i], as: UTF8.self)
                    i += 1
                } else {
                    let valueStart = i
                    while i < b.count, !isSpace(b[i]), b[i] != UInt8(ascii: ">") { i += 1 }
                    value = String(decoding: b[valueStart..<i], as: UTF8.self)
                }
            }
            if key.isEmpty { i += 1; changed = true; continue }
            let decoded = value.map(decodeEntities)
            if !attributes.contains(key) || key.hasPrefix("on") {
                changed = true
            } else if urlAttributes.contains(key), let url = decoded, !isSafeURL(url) {
                kept.append((key, "#"))
                changed = true
            } else {
                kept.append((key, decoded))
            }
        }
        return nil
    }

    /// Relative URLs, fragments, and http(s)/mailto. What a browser would read as the scheme is
    /// taken after dropping the whitespace and control characters it ignores there.
    static func isSafeURL(_ url: String) -> Bool {
        let squeezed = String(
            String.UnicodeScalarView(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })
        ).lowercased()
        guard let colon = squeezed.firstIndex(of: ":") else { return true }
        let beforeColon = squeezed[..<colon]
        if beforeColon.contains(where: { "/?#".contains($0) }) { return true }
        return ["http", "https", "mailto"].contains(String(beforeColon))
    }

    /// Character references as a browser decodes them in an attribute.
    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        let named: [String: String] = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "colon": ":", "tab": "\t", "newline": "\n",
            "sol": "/", "lpar": "(", "rpar": ")",
        ]
        var out = "", rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            let body = after.prefix { $0.isLetter || $0.isNumber || $0 == "#" }
            var replacement: String? = nil
            if body.hasPrefix("#") {
                let digits = body.dropFirst()
                let value = digits.lowercased().hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
                replacement = value.flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? ""
            } else {
                replacement = named[String(body).lowercased()]
            }
            if let replacement {
                out += replacement
                rest = after.dropFirst(body.count)
                if rest.first == ";" { rest = rest.dropFirst() }
            } else {
                out += "&"
                rest = after
            }
        }
        return out + rest
    }

    static func isNameByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
    }
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C }
}
