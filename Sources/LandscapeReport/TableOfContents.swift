import Foundation

/// The report's contents: every `## ` heading of the rendered Markdown gets an anchor (a slug of
/// its text, made unique), and the line `<!-- contents -->` of the template becomes one line of
/// links to them. Derived from the page itself, so a section added to the template is listed
/// without being named twice.
public enum TableOfContents {
    public static let marker = "<!-- contents -->"

    /// A heading's slug: lower-case letters and digits, runs of anything else as one `-`.
    public static func slug(_ text: String) -> String {
        var out = "", dash = false
        for c in text.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) {
                if dash && !out.isEmpty { out.append("-") }
                out.append(c)
                dash = false
            } else {
                dash = true
            }
        }
        return out.isEmpty ? "section" : out
    }

    /// The Markdown with anchored `## ` headings and the contents in place of the marker (left
    /// as it is when the template has no marker). Headings inside fenced code are not headings.
    public static func insert(into markdown: String) -> String {
        var lines = markdown.components(separatedBy: "\n")
        var entries: [(text: String, slug: String)] = [], used: [String: Int] = [:]
        var fenced = false
        for i in lines.indices {
            let line = lines[i]
            if line.hasPrefix("```") { fenced.toggle() }
            guard !fenced, line.hasPrefix("## ") else { continue }
            let text = String(line.dropFirst(3))
            var s = slug(text)
            if let n = used[s] {
                used[s] = n + 1
                s += "-\(n + 1)"
            } else {
                used[s] = 1
            }
            entries.append((text, s))
            lines[i] = "## <a id=\"\(s)\"></a>\(text)"
        }
        let list = entries.map { "[\($0.text)](#\($0.slug))" }.joined(separator: " · ")
        return lines.map { $0 == marker ? list : $0 }.joined(separator: "\n")
    }
}
